// Synthetic systemic cases for benchmarks: the same seed gives the same cases, dated back from `now`. Each case
// has a history the workflow table allows (replayed by the same clock as live moves, as the pilot seed's cases
// are), with its events, deadlines, response actions and linked pilot issues, written in bulk.
import type { Db } from '../../../src/db/client.ts';
import type { Prisma } from '../../../src/db/generated/sqlite/client.ts';
import { replayCase, type HistoricMove } from '../../../src/domain/cases/case-replay.ts';
import { CASE_WORKFLOW, type CaseMoveName } from '../../../src/domain/cases/workflow.ts';
import { addWorkingDays } from '../../../src/domain/cases/working-days.ts';
import { OPEN_CASE_STATUSES, type CaseStatus } from '../../../src/domain/vocabulary.ts';
import { addDays, fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../src/lib/calendar-date.ts';
import { deadlineSettings, workingCalendarOf } from '../../../src/server/services/cases/deadline-settings-service.ts';
import { formatCaseReference } from '../../../src/server/services/cases/case-references.ts';
import { moveCase } from '../../../src/server/services/cases/case-workflow-service.ts';
import { openCase } from '../../../src/server/services/cases/escalation-service.ts';
import {
  addResponseAction,
  commentOnCase,
  updateResponseAction,
} from '../../../src/server/services/cases/response-plan-service.ts';
import { findActiveActor } from '../../../src/server/services/accounts/actors.ts';
import type { SignedInActor } from '../../../src/domain/accounts/actor.ts';
import { stableId } from '../../../prisma/seed/seed.ts';
import { seededRandom } from './synthetic-issues.ts';

type ActionStatus = 'planned' | 'in_progress' | 'done' | 'dropped';

/** One entry of a case's history besides its opening: a move, a change to the plan, or a comment. */
type Step =
  | { kind: 'move'; move: CaseMoveName; toDepartment?: string }
  | { kind: 'action_added' }
  | { kind: 'action_changed'; action: number; to: ActionStatus }
  | { kind: 'commented'; by: 'analyst' | 'official' };

/** Where the cases end, in percent: every state, most of them with the department or finished. */
const FINAL_STATES: readonly (readonly [CaseStatus, number])[] = [
  ['draft', 3],
  ['escalated', 14],
  ['acknowledged', 10],
  ['accepted', 9],
  ['declined', 5],
  ['information_requested', 6],
  ['response_planned', 8],
  ['in_progress', 12],
  ['resolved', 8],
  ['verified', 5],
  ['closed', 10],
  ['closed_not_fixed', 4],
  ['withdrawn', 6],
];

/** The department most cases go to (the demo official's), and the others, by sector. */
const MAIN_DEPARTMENT = 'SAPS';
const MAIN_SHARE = 0.55;
const OTHER_DEPARTMENTS = ['NDOH', 'SASSA', 'NT', 'NDPW', 'MP-DOH', 'GP-DOH', 'KZN-DOH', 'EC-DSD', 'DCOG', 'MP-DPWRT'];

const PROBLEMS = {
  policing: [
    'Patrol vehicles wait months for repairs',
    'Stations without working telephones',
    'Dockets stall while forensic results are awaited',
    'Arrest targets crowd out other police work',
    'Victim-friendly rooms closed for want of staff',
    'Community policing forums not convened',
    'Complaints not registered at the front desk',
  ],
  other: [
    'Clinics run out of chronic medicines',
    'Long queues before clinics open',
    'Grant payments arrive late every month',
    'No delegation to fix small things at facilities',
    'Ambulances take hours to reach rural clinics',
    'Broken water supply at public facilities',
    'Posts stay vacant for a year or more',
  ],
};
const DISTRICTS = ['Ehlanzeni', 'Gert Sibande', 'Nkangala', 'Tshwane', 'eThekwini', 'OR Tambo', 'Pixley ka Seme'];
const ACTIONS = [
  'Audit the backlog at every station on the list',
  'Publish the new delegations to every facility',
  'Approve the framework contract for repairs',
  'Fill the vacant posts named in the case',
  'Report progress to the provincial committee monthly',
  'Replace the equipment listed by the monitors',
];
const RESPONSIBLE = ['Provincial fleet office', 'District director', 'Provincial human resources', 'Station commander'];

export interface SyntheticCaseOptions {
  cases: number;
  /** Case events in all, openings included: comments make up what the histories leave. */
  events: number;
  seed?: number;
  now?: Date;
}

export interface SyntheticCasesSummary {
  cases: number;
  events: number;
  deadlines: number;
  runningDeadlines: number;
  actions: number;
  byStatus: Partial<Record<CaseStatus, number>>;
  /** Cases the main department (SAPS) owns, drafts left out: the demo official's inbox. */
  mainDepartmentCases: number;
  /** A case of the main department with three response actions and about ten events, for its page. */
  typicalReference: string;
  typicalEvents: number;
}

/** The steps from a draft to `target`, with the departments of transfers and new escalations. */
function historyTo(target: CaseStatus, firstOwner: string, random: () => number): Step[] {
  const steps: Step[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  let owner = firstOwner;
  let actions: ActionStatus[] = [];
  const move = (name: CaseMoveName, toDepartment?: string) => {
    steps.push({ kind: 'move', move: name, ...(toDepartment && { toDepartment }) });
    if (toDepartment) owner = toDepartment;
  };
  const otherDepartment = () =>
    owner === MAIN_DEPARTMENT || chance(0.5)
      ? pick(OTHER_DEPARTMENTS.filter((code) => code !== owner))
      : MAIN_DEPARTMENT;
  const changeAction = (action: number, to: ActionStatus) => {
    actions[action] = to;
    steps.push({ kind: 'action_changed', action, to });
  };
  const addActions = (count: number) => {
    for (let n = 0; n < count; n += 1) {
      actions = [...actions, 'planned'];
      steps.push({ kind: 'action_added' });
    }
  };
  const finishActions = () =>
    actions.forEach((status, action) => {
      if (status === 'planned' && chance(0.7)) changeAction(action, 'in_progress');
      if (actions[action] !== 'done' && actions[action] !== 'dropped')
        changeAction(action, chance(0.85) ? 'done' : 'dropped');
    });
  const order: CaseStatus[] = ['escalated', 'acknowledged', 'accepted', 'response_planned', 'in_progress', 'resolved'];
  const reach = (state: CaseStatus) => {
    const past = (s: CaseStatus) => order.indexOf(state) >= order.indexOf(s);
    move('escalate');
    if (chance(0.1)) {
      if (chance(0.5)) move('acknowledge');
      move('transfer', otherDepartment());
    }
    if (!past('acknowledged')) return;
    move('acknowledge');
    if (past('accepted') && chance(0.06)) {
      move('decline');
      move('escalate_again', chance(0.5) ? owner : otherDepartment());
      move('acknowledge');
    }
    if (past('accepted') && chance(0.12)) {
      move('request_information');
      move('answer_information');
    }
    if (!past('accepted')) return;
    move('accept');
    if (!past('response_planned')) return addActions(Math.floor(random() * 3));
    addActions(1 + Math.floor(random() * 4));
    move('plan_response');
    if (!past('in_progress')) return;
    move('start_work');
    if (!past('resolved')) {
      actions.forEach((_, action) => {
        const roll = random();
        if (roll < 0.3) changeAction(action, 'done');
        else if (roll < 0.7) changeAction(action, 'in_progress');
      });
      return;
    }
    finishActions();
    move('resolve');
  };

  switch (target) {
    case 'draft':
      break;
    case 'declined':
      reach('acknowledged');
      move('decline');
      break;
    case 'verified':
    case 'closed':
    case 'closed_not_fixed':
      reach('resolved');
      if (chance(0.15)) {
        move('reopen');
        move('resolve');
      }
      if (target === 'closed_not_fixed') move('close_not_fixed');
      else move('verify');
      if (target === 'closed') move('close');
      break;
    case 'information_requested':
      reach(pick(['escalated', 'acknowledged', 'accepted', 'response_planned', 'in_progress'] as const));
      move('request_information');
      break;
    case 'withdrawn': {
      const from = pick(['draft', 'escalated', 'acknowledged', 'declined', 'in_progress'] as const);
      if (from === 'declined') {
        reach('acknowledged');
        move('decline');
      } else if (from !== 'draft') reach(from);
      move('withdraw');
      break;
    }
    default:
      reach(target);
      if ((target === 'escalated' || target === 'acknowledged' || target === 'accepted') && chance(0.15)) {
        move('extend_deadline');
      }
  }
  return steps;
}

interface PlannedAction {
  id: string;
  text: string;
  dueOn: Date;
  status: ActionStatus;
  addedAt: Date;
  changedAt: Date;
  changes: number;
}

interface PlannedCase {
  index: number;
  firstOwner: string;
  steps: Step[];
}

/** The cases' histories, with comments added until the events number `events` in all. */
function planCases(options: SyntheticCaseOptions, random: () => number): PlannedCase[] {
  const plans = Array.from({ length: options.cases }, (_, index) => {
    const roll = random() * 100;
    let sum = 0;
    const target = FINAL_STATES.find(([, weight]) => (sum += weight) > roll)?.[0] ?? 'escalated';
    const firstOwner =
      random() < MAIN_SHARE ? MAIN_DEPARTMENT : OTHER_DEPARTMENTS[Math.floor(random() * OTHER_DEPARTMENTS.length)]!;
    return { index, firstOwner, steps: historyTo(target, firstOwner, random) };
  });
  // Each case's opening is an event too.
  let events = plans.reduce((total, plan) => total + 1 + plan.steps.length, 0);
  if (events > options.events)
    throw new Error(`The histories alone make ${events} events, more than ${options.events}`);
  const escalated = plans.filter((plan) => {
    const first = plan.steps[0];
    return first?.kind === 'move' && first.move === 'escalate';
  });
  while (events < options.events) {
    const plan = escalated[Math.floor(random() * escalated.length)]!;
    // A comment anywhere after the escalation, by DPME or the department.
    const at = 1 + Math.floor(random() * plan.steps.length);
    plan.steps.splice(at, 0, { kind: 'commented', by: random() < 0.5 ? 'analyst' : 'official' });
    events += 1;
  }
  return plans;
}

/** Days a step takes after the one before it. */
function gapBefore(step: Step, random: () => number): number {
  const within = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  if (step.kind === 'action_added') return within(0, 3);
  if (step.kind === 'action_changed') return within(1, 30);
  if (step.kind === 'commented') return within(0, 5);
  return CASE_WORKFLOW[step.move].by === 'official' ? within(1, 20) : within(1, 10);
}

/** How long ago a case's last step was: live deadlines end recently, some met and some missed. */
function lastStepDaysAgo(steps: readonly Step[], random: () => number): number {
  const lastMove = steps.findLast((step) => step.kind === 'move');
  const live = ['escalate', 'acknowledge', 'accept', 'transfer', 'escalate_again', 'extend_deadline'];
  if (lastMove && live.includes(lastMove.move)) return 1 + Math.floor(random() * 25);
  if (!lastMove || lastMove.move === 'request_information') return 1 + Math.floor(random() * 40);
  return 1 + Math.floor(random() * 540);
}

/** At 08:00 South African time on `date`, a few minutes per step, so that steps of the same day keep their order. */
const momentOf = (date: Date, order: number) => new Date(date.getTime() + (6 * 60 + order * 7) * 60_000);

const titleOf = (plan: PlannedCase) => {
  const problems = PROBLEMS[plan.firstOwner === MAIN_DEPARTMENT ? 'policing' : 'other'];
  return `${problems[plan.index % problems.length]} (${DISTRICTS[plan.index % DISTRICTS.length]})`;
};

const REASON = 'The reason, as the form asks for it.';
const RESOLUTION = 'Every facility on the list reports the problem fixed.';
const DONE_EVIDENCE = 'Done as planned.';
const DROP_REASON = 'Overtaken by the national contract.';

/**
 * The cases' histories with dates, ending between a day and a year and a half before `now`, replayed by the
 * workflow table and the deadline clock; the departments' officials (one made, without a password, where a
 * department has none) and the pilot issues each case links (not archived, of its sector).
 */
async function datedCases(db: Db, options: SyntheticCaseOptions) {
  const random = seededRandom(options.seed ?? 15);
  const today = todayInSouthAfrica(options.now ?? new Date());
  const plans = planCases(options, random);
  const [days, calendar, departments, issues, analyst] = await Promise.all([
    deadlineSettings(db),
    workingCalendarOf(db),
    db.department.findMany({ select: { id: true, code: true, name: true } }),
    db.localIssue.findMany({
      where: { archived: false },
      select: { id: true, facility: { select: { sector: true } } },
      orderBy: { id: 'asc' },
    }),
    db.user.findUniqueOrThrow({ where: { email: 'analyst@demo.cbm-tracker.invalid' } }),
  ]);
  const departmentId = new Map(departments.map((row) => [row.code, row.id]));
  const idOf = (code: string) => departmentId.get(code) ?? 'missing department';
  const officials = await officialsByDepartment(db, [MAIN_DEPARTMENT, ...OTHER_DEPARTMENTS].map(idOf), departments);
  const policingIssues = issues.filter((issue) => issue.facility.sector === 'policing').map((issue) => issue.id);
  const otherIssues = issues.filter((issue) => issue.facility.sector !== 'policing').map((issue) => issue.id);

  const cases = plans.map((plan) => {
    const gaps = plan.steps.map((step) => gapBefore(step, random));
    const openedGap = Math.floor(random() * 4);
    const span = openedGap + gaps.reduce((total, gap) => total + gap, 0);
    const openedOn = addDays(fromCalendarDate(today), -(lastStepDaysAgo(plan.steps, random) + span));
    let day = addDays(openedOn, openedGap);
    const stepDays = gaps.map((gap) => (day = addDays(day, gap)));

    const moves: HistoricMove[] = [];
    /** The due dates an extension moved, by the move's place in the history. */
    const extensions = new Map<number, { from: string; to: string }>();
    let owner = idOf(plan.firstOwner);
    plan.steps.forEach((step, order) => {
      if (step.kind !== 'move') return;
      const historic: HistoricMove = { move: step.move, on: toCalendarDate(stepDays[order]!) };
      const target = step.toDepartment ? idOf(step.toDepartment) : owner;
      if (target !== owner) historic.toDepartmentId = target;
      if (step.move === 'extend_deadline') {
        const running = replayCase(moves, idOf(plan.firstOwner), days, calendar).deadlines.at(-1)!;
        historic.newDueOn = addWorkingDays(calendar, running.dueOn, 5 + Math.floor(random() * 11));
        extensions.set(moves.length, { from: running.dueOn, to: historic.newDueOn });
      }
      moves.push(historic);
      owner = target;
    });
    const replayed = replayCase(moves, idOf(plan.firstOwner), days, calendar);
    const pool = plan.firstOwner === MAIN_DEPARTMENT ? policingIssues : otherIssues;
    const linked = new Set(
      Array.from({ length: 2 + Math.floor(random() * 5) }, () => pool[Math.floor(random() * pool.length)]!),
    );
    return { plan, moves, replayed, extensions, stepDays, openedOn, linked: [...linked] };
  });
  return { cases, random, analyst, officials, idOf };
}

/**
 * Writes `cases` systemic cases with `events` case events in all on a seeded database with the demo accounts
 * (the analyst opens them; each department's first active official acts): most owned by SAPS, the rest spread
 * over national and provincial departments, each linked to two to six pilot issues, in one transaction of bulk
 * inserts. References continue each year's counter, which ends at the last number used.
 */
export async function insertSyntheticCases(db: Db, options: SyntheticCaseOptions): Promise<SyntheticCasesSummary> {
  const { cases: built, random, analyst, officials, idOf } = await datedCases(db, options);
  const actorOf = (user: { id: string; name: string; role: string; departmentId: string | null }) => ({
    actorId: user.id,
    actorLabel: `${user.name} (${user.role})`,
    actorRole: user.role,
    actorDepartmentId: user.departmentId,
  });

  // References in the order the cases were opened, numbered on from each year's counter.
  const counters = new Map((await db.caseReferenceCounter.findMany()).map((row) => [row.year, row.last]));
  const byOpening = [...built].sort(
    (a, b) => a.openedOn.getTime() - b.openedOn.getTime() || a.plan.index - b.plan.index,
  );
  const references = new Map<number, string>();
  for (const entry of byOpening) {
    const year = Number(toCalendarDate(entry.openedOn).slice(0, 4));
    const number = (counters.get(year) ?? 0) + 1;
    counters.set(year, number);
    references.set(entry.plan.index, formatCaseReference(year, number));
  }

  const caseRows: Prisma.SystemicCaseCreateManyInput[] = [];
  const eventRows: Prisma.CaseEventCreateManyInput[] = [];
  const deadlineRows: Prisma.CaseDeadlineCreateManyInput[] = [];
  const actionRows: Prisma.ResponseActionCreateManyInput[] = [];
  const issueLinks: Prisma.CaseLocalIssueCreateManyInput[] = [];
  const supportLinks: Prisma.CaseSupportingDepartmentCreateManyInput[] = [];
  let typical = { reference: '', events: 0, distance: Infinity };
  const byStatus: Partial<Record<CaseStatus, number>> = {};
  let mainDepartmentCases = 0;
  for (const { plan, replayed, extensions, stepDays, openedOn, linked } of built) {
    const caseId = stableId('bench-case', String(plan.index));
    const reference = references.get(plan.index)!;
    const openedAt = momentOf(openedOn, 0);
    eventRows.push({
      caseId,
      ...actorOf(analyst),
      kind: 'created',
      toStatus: 'draft' as const,
      version: 0,
      createdAt: openedAt,
    });
    let version = 0;
    let moveIndex = 0;
    // The department that holds the case: its official takes the department's steps.
    let holder = idOf(plan.firstOwner);
    let lastChange = openedAt;
    let escalatedAt: Date | null = null;
    const actions: PlannedAction[] = [];
    plan.steps.forEach((step, order) => {
      const at = momentOf(stepDays[order]!, order + 1);
      const officialActor = () => actorOf(officials.get(holder)!);
      if (step.kind === 'commented') {
        eventRows.push({
          caseId,
          ...(step.by === 'analyst' ? actorOf(analyst) : officialActor()),
          kind: 'commented',
          reason:
            step.by === 'analyst'
              ? 'Monitors confirmed the problem at two more facilities.'
              : 'We are looking into this.',
          isPublic: step.by === 'analyst' && random() < 0.2,
          version,
          createdAt: at,
        });
        return;
      }
      version += 1;
      lastChange = at;
      if (step.kind === 'action_added') {
        const action = {
          id: stableId('bench-action', `${plan.index}/${actions.length}`),
          addedAt: at,
          changedAt: at,
          status: 'planned' as ActionStatus,
          changes: 0,
          text: ACTIONS[Math.floor(random() * ACTIONS.length)]!,
          dueOn: addDays(stepDays[order]!, 20 + Math.floor(random() * 70)),
        };
        actions.push(action);
        eventRows.push({
          caseId,
          ...officialActor(),
          kind: 'action_added',
          changes: {
            actionId: action.id,
            action: action.text,
            responsible: RESPONSIBLE[0],
            dueOn: toCalendarDate(action.dueOn),
          },
          version,
          createdAt: at,
        });
        return;
      }
      if (step.kind === 'action_changed') {
        const action = actions[step.action]!;
        eventRows.push({
          caseId,
          ...officialActor(),
          kind: 'action_changed',
          reason: step.to === 'dropped' ? DROP_REASON : step.to === 'done' ? DONE_EVIDENCE : null,
          changes: { actionId: action.id, action: action.text, from: action.status, to: step.to },
          version,
          createdAt: at,
        });
        Object.assign(action, { status: step.to, changedAt: at, changes: action.changes + 1 });
        return;
      }
      const { from, to, fromDepartmentId, toDepartmentId } = replayed.steps[moveIndex]!;
      const workflowMove = CASE_WORKFLOW[step.move];
      eventRows.push({
        caseId,
        ...(workflowMove.by === 'analyst' ? actorOf(analyst) : officialActor()),
        kind: step.move,
        fromStatus: from,
        toStatus: to,
        reason: step.move === 'resolve' ? RESOLUTION : workflowMove.requires.includes('reason') ? REASON : null,
        transferFromId: fromDepartmentId !== toDepartmentId ? fromDepartmentId : null,
        transferToId: fromDepartmentId !== toDepartmentId ? toDepartmentId : null,
        ...(step.move === 'extend_deadline' && { changes: extensions.get(moveIndex) }),
        version,
        createdAt: at,
      });
      if (step.move === 'escalate') escalatedAt ??= at;
      holder = toDepartmentId;
      moveIndex += 1;
    });
    const owningDepartmentId = replayed.owningDepartmentId;
    const title = titleOf(plan);
    caseRows.push({
      id: caseId,
      reference,
      title,
      problemStatement: `${title}: reported by monitors at several facilities over the last monitoring rounds.`,
      rootCauseSynthesis: 'Decisions and budgets sit with the department, not with the facilities.',
      owningDepartmentId,
      status: replayed.status,
      resumeStatus: replayed.resumeStatus,
      priority: (['low', 'medium', 'medium', 'high', 'critical'] as const)[Math.floor(random() * 5)]!,
      visibility: random() < 0.15 ? ('public' as const) : ('internal' as const),
      escalatedAt,
      nextDueOn: replayed.nextDueOn ? fromCalendarDate(replayed.nextDueOn) : null,
      createdById: analyst.id,
      version,
      createdAt: openedAt,
      updatedAt: lastChange,
    });
    for (const deadline of replayed.deadlines) {
      deadlineRows.push({
        caseId,
        kind: deadline.kind,
        departmentId: deadline.departmentId,
        startedOn: fromCalendarDate(deadline.startedOn),
        dueOn: fromCalendarDate(deadline.dueOn),
        originalDueOn: fromCalendarDate(deadline.originalDueOn),
        pausedOn: deadline.pausedOn ? fromCalendarDate(deadline.pausedOn) : null,
        pausedWorkingDays: deadline.pausedWorkingDays,
        extensions: deadline.extensions,
        endedOn: deadline.endedOn ? fromCalendarDate(deadline.endedOn) : null,
        outcome: deadline.outcome,
      });
    }
    for (const action of actions) {
      actionRows.push({
        id: action.id,
        caseId,
        action: action.text,
        responsible: RESPONSIBLE[0]!,
        dueOn: action.dueOn,
        status: action.status,
        evidence: action.status === 'done' ? DONE_EVIDENCE : null,
        dropReason: action.status === 'dropped' ? DROP_REASON : null,
        version: action.changes,
        createdAt: action.addedAt,
        updatedAt: action.changedAt,
      });
    }
    issueLinks.push(...linked.map((localIssueId) => ({ caseId, localIssueId })));
    if (random() < 0.2) {
      const supporter = idOf(OTHER_DEPARTMENTS[plan.index % OTHER_DEPARTMENTS.length]!);
      if (supporter !== owningDepartmentId) supportLinks.push({ caseId, departmentId: supporter });
    }
    byStatus[replayed.status] = (byStatus[replayed.status] ?? 0) + 1;
    const events = 1 + plan.steps.length;
    if (owningDepartmentId === idOf(MAIN_DEPARTMENT) && replayed.status !== 'draft') {
      mainDepartmentCases += 1;
      const distance = Math.abs(events - 10);
      if (actions.length === 3 && distance < typical.distance) typical = { reference, events, distance };
    }
  }

  const openIssueIds = [
    ...new Set(built.flatMap((entry) => (OPEN_CASE_STATUSES.includes(entry.replayed.status) ? entry.linked : []))),
  ];
  await db.$transaction(
    async (tx) => {
      const inChunks = async <Row>(rows: readonly Row[], write: (chunk: Row[]) => Promise<unknown>) => {
        for (let start = 0; start < rows.length; start += 500) await write(rows.slice(start, start + 500));
      };
      await inChunks(caseRows, (data) => tx.systemicCase.createMany({ data }));
      await inChunks(eventRows, (data) => tx.caseEvent.createMany({ data }));
      await inChunks(deadlineRows, (data) => tx.caseDeadline.createMany({ data }));
      await inChunks(actionRows, (data) => tx.responseAction.createMany({ data }));
      await inChunks(issueLinks, (data) => tx.caseLocalIssue.createMany({ data }));
      await inChunks(supportLinks, (data) => tx.caseSupportingDepartment.createMany({ data }));
      await tx.localIssue.updateMany({ where: { id: { in: openIssueIds } }, data: { status: 'escalated' } });
      for (const [year, last] of counters) {
        await tx.caseReferenceCounter.upsert({ where: { year }, create: { year, last }, update: { last } });
      }
    },
    { timeout: 10 * 60_000 },
  );
  return {
    cases: caseRows.length,
    events: eventRows.length,
    deadlines: deadlineRows.length,
    runningDeadlines: deadlineRows.filter((row) => row.endedOn === null).length,
    actions: actionRows.length,
    byStatus,
    mainDepartmentCases,
    typicalReference: typical.reference,
    typicalEvents: typical.events,
  };
}

/** Each department's first active official, one made (without a password) where there is none. */
async function officialsByDepartment(
  db: Db,
  departmentIds: readonly string[],
  departments: readonly { id: string; code: string; name: string }[],
) {
  const existing = await db.user.findMany({
    where: { role: 'official', deactivatedAt: null, departmentId: { in: [...departmentIds] } },
    orderBy: { createdAt: 'asc' },
  });
  const missing = departments.filter(
    (row) => departmentIds.includes(row.id) && !existing.some((user) => user.departmentId === row.id),
  );
  await db.user.createMany({
    data: missing.map((row) => ({
      name: `Bench Official (${row.code})`,
      email: `official-${row.code.toLowerCase()}@bench.cbm-tracker.invalid`,
      role: 'official' as const,
      departmentId: row.id,
    })),
  });
  const all = await db.user.findMany({
    where: { role: 'official', deactivatedAt: null, departmentId: { in: [...departmentIds] } },
    orderBy: { createdAt: 'asc' },
  });
  const byDepartment = new Map<string, (typeof all)[number]>();
  for (const user of all)
    if (user.departmentId && !byDepartment.has(user.departmentId)) byDepartment.set(user.departmentId, user);
  return byDepartment;
}

/**
 * Writes the first `count` of the same cases through the services instead, one call per step as people make
 * them (openCase, moveCase, addResponseAction, updateResponseAction, commentOnCase), each dated as in the bulk
 * data: what writing them this way costs, and a check that the services accept every history the bulk writer
 * stores. Returns the number of calls.
 */
export async function writeCasesThroughServices(db: Db, options: SyntheticCaseOptions & { count: number }) {
  const { cases, officials, analyst: analystUser, idOf } = await datedCases(db, options);
  const actors = new Map<string, SignedInActor>();
  const actorFor = async (userId: string) => {
    if (!actors.has(userId)) actors.set(userId, (await findActiveActor(db, { id: userId }, []))!);
    return actors.get(userId)!;
  };
  const analyst = await actorFor(analystUser.id);
  let calls = 0;
  for (const { plan, moves, stepDays, openedOn, linked } of cases.slice(0, options.count)) {
    const at = (order: number) => momentOf(stepDays[order]!, order + 1);
    const first = plan.steps[0];
    const escalates = first?.kind === 'move' && first.move === 'escalate';
    const opened = await openCase(
      db,
      analyst,
      {
        localIssueIds: linked,
        title: titleOf(plan),
        problemStatement: `${titleOf(plan)}: reported by monitors at several facilities.`,
        rootCauseSynthesis: '',
        owningDepartmentId: idOf(plan.firstOwner),
        priority: 'medium',
        visibility: 'internal',
        escalate: escalates,
      },
      escalates ? at(0) : momentOf(openedOn, 0),
    );
    const { reference } = opened;
    let version = opened.version;
    let holder = idOf(plan.firstOwner);
    let moveIndex = escalates ? 1 : 0;
    const actionIds: string[] = [];
    calls += 1;
    for (const [order, step] of plan.steps.entries()) {
      if (order === 0 && escalates) continue;
      const official = await actorFor(officials.get(holder)!.id);
      calls += 1;
      if (step.kind === 'commented') {
        const by = step.by === 'analyst' ? analyst : official;
        await commentOnCase(db, by, { reference, comment: REASON }, at(order));
      } else if (step.kind === 'action_added') {
        const dueOn = toCalendarDate(addDays(stepDays[order]!, 45));
        const input = { reference, version, action: ACTIONS[0]!, responsible: RESPONSIBLE[0]!, dueOn };
        const added = await addResponseAction(db, official, input, at(order));
        ({ version } = added);
        actionIds.push(added.actionId);
      } else if (step.kind === 'action_changed') {
        const change = {
          reference,
          version,
          actionId: actionIds[step.action]!,
          status: step.to,
          evidence: step.to === 'done' ? DONE_EVIDENCE : '',
          dropReason: step.to === 'dropped' ? DROP_REASON : '',
        };
        ({ version } = await updateResponseAction(db, official, change, at(order)));
      } else {
        const historic = moves[moveIndex]!;
        const needsReason = CASE_WORKFLOW[step.move].requires.includes('reason');
        const move = {
          reference,
          version,
          move: step.move,
          reason: needsReason ? REASON : '',
          evidence: step.move === 'resolve' ? RESOLUTION : '',
          targetDepartmentId: historic.toDepartmentId ?? '',
          ...(historic.newDueOn && { newDueOn: historic.newDueOn }),
        };
        const by = CASE_WORKFLOW[step.move].by === 'analyst' ? analyst : official;
        ({ version } = await moveCase(db, by, move, at(order)));
        holder = historic.toDepartmentId ?? holder;
        moveIndex += 1;
      }
    }
  }
  return calls;
}
