import type { Db } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import type { CaseMoveName } from '../../../domain/cases/workflow.ts';
import type { FollowUpResult } from '../../../domain/vocabulary.ts';
import { addDays, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { moveCase } from './case-workflow-service.ts';
import { openCase } from './escalation-service.ts';
import { NEW_ROUND, recordFollowUpFinding } from './follow-up-service.ts';
import { addResponseAction, updateResponseAction } from './response-plan-service.ts';

/** A step of a demo case, so many days before the first start; the actor is the analyst or the department. */
interface DemoStep {
  daysAgo: number;
  by: 'analyst' | 'official';
  move: CaseMoveName;
  reason?: string;
  evidence?: string;
  toDepartment?: string;
  /** For an extension: the new due date, so many days after the first start. */
  dueInDays?: number;
}

interface DemoCase {
  /** Unique among demo cases: a second start finds the case by its title and leaves it. */
  title: string;
  problemStatement: string;
  department: string;
  sector: 'policing' | 'health';
  priority: 'medium' | 'high';
  /** The slug of its primary tag (content/taxonomy.json). */
  tag: string;
  /** Public cases show on /cases, in Open311, the feeds and the open data; the rest stay internal. */
  visibility: 'public' | 'internal';
  steps: readonly DemoStep[];
  /** After the last step: what follow-up monitoring found, one facility of the case each, yesterday. */
  findings?: readonly FollowUpResult[];
  /** Response actions, added before the step at the same day: what, who, due so many days after the start. */
  /** Oldest first. */
  actions?: readonly { action: string; responsible: string; dueInDays: number; daysAgo: number; done?: boolean }[];
}

/**
 * Live cases for the demo accounts, dated relative to the first start so that every state shows with
 * deadlines that make sense: an overdue acknowledgement, a transfer, a decline escalated again, a question
 * waiting for DPME, an extension, a plan under way and a resolution to verify. They are made through the same
 * services as real ones (events, deadlines and linked issues included); the demo officials of SAPS and the
 * Mpumalanga Department of Health find theirs in their inboxes.
 */
const DEMO_CASES: readonly DemoCase[] = [
  {
    title: 'Demo: stations wait weeks for forensic results',
    tag: 'case-feedback',
    visibility: 'internal',
    problemStatement: 'Monitors at several stations heard that dockets stall while results are awaited.',
    department: 'SAPS',
    sector: 'policing',
    priority: 'high',
    steps: [{ daysAgo: 25, by: 'analyst', move: 'escalate' }],
  },
  {
    title: 'Demo: vehicle repair contracts slow every repair',
    tag: 'maintenance-turnaround',
    visibility: 'public',
    problemStatement: 'Repairs wait for quotations approved under a national contract.',
    department: 'SAPS',
    sector: 'policing',
    priority: 'high',
    steps: [
      { daysAgo: 12, by: 'analyst', move: 'escalate' },
      { daysAgo: 10, by: 'official', move: 'acknowledge' },
      {
        daysAgo: 6,
        by: 'official',
        move: 'transfer',
        toDepartment: 'NT',
        reason: 'The repair contract is a Treasury one.',
      },
    ],
  },
  {
    title: 'Demo: clinics run out of chronic medicines',
    tag: 'stock-out',
    visibility: 'public',
    problemStatement: 'Clinics report stock-outs of chronic medicines between depot deliveries.',
    department: 'MP-DOH',
    sector: 'health',
    priority: 'high',
    steps: [
      { daysAgo: 30, by: 'analyst', move: 'escalate' },
      { daysAgo: 27, by: 'official', move: 'acknowledge' },
      { daysAgo: 20, by: 'official', move: 'decline', reason: 'Tenders for these items are national.' },
      {
        daysAgo: 4,
        by: 'analyst',
        move: 'escalate_again',
        toDepartment: 'NDOH',
        reason: 'The national tender is the cause.',
      },
    ],
  },
  {
    title: 'Demo: long queues before clinics open',
    tag: 'queues-waiting-times',
    visibility: 'public',
    problemStatement: 'Patients queue from before dawn at clinics with one nurse on the early shift.',
    department: 'MP-DOH',
    sector: 'health',
    priority: 'medium',
    steps: [
      { daysAgo: 9, by: 'analyst', move: 'escalate' },
      { daysAgo: 7, by: 'official', move: 'acknowledge' },
      { daysAgo: 2, by: 'official', move: 'request_information', reason: 'Which clinics, and at what times?' },
    ],
  },
  {
    title: 'Demo: arrest targets crowd out other police work',
    tag: 'targets',
    visibility: 'internal',
    problemStatement: 'Stations report that targets for drug arrests take patrol time from other crimes.',
    department: 'SAPS',
    sector: 'policing',
    priority: 'medium',
    steps: [
      { daysAgo: 20, by: 'analyst', move: 'escalate' },
      { daysAgo: 15, by: 'official', move: 'acknowledge' },
      { daysAgo: 13, by: 'official', move: 'request_information', reason: 'Which targets, set by whom?' },
      { daysAgo: 8, by: 'analyst', move: 'answer_information', reason: 'The station-level targets for drug arrests.' },
      {
        daysAgo: 5,
        by: 'analyst',
        move: 'extend_deadline',
        dueInDays: 10,
        reason: 'The indicator review meets next week.',
      },
    ],
  },
  {
    title: 'Demo: no delegation to fix small things at clinics',
    tag: 'delegations',
    visibility: 'public',
    problemStatement: 'Clinic managers cannot order small repairs or top-up stock without the district.',
    department: 'MP-DOH',
    sector: 'health',
    priority: 'medium',
    steps: [
      { daysAgo: 60, by: 'analyst', move: 'escalate' },
      { daysAgo: 55, by: 'official', move: 'acknowledge' },
      { daysAgo: 50, by: 'official', move: 'accept' },
      { daysAgo: 40, by: 'official', move: 'plan_response' },
      { daysAgo: 38, by: 'official', move: 'start_work' },
    ],
    actions: [
      {
        action: 'Delegate small repairs up to a set amount to clinic managers.',
        responsible: 'District director, Ehlanzeni',
        dueInDays: -5,
        daysAgo: 45,
      },
      {
        action: 'Publish the new delegations to every clinic.',
        responsible: 'Provincial human resources',
        dueInDays: 30,
        daysAgo: 45,
      },
    ],
  },
  {
    title: 'Demo: stations without working telephones',
    tag: 'equipment',
    visibility: 'public',
    problemStatement: 'Community members cannot reach their station: the landline has been down for months.',
    department: 'SAPS',
    sector: 'policing',
    priority: 'medium',
    steps: [
      { daysAgo: 70, by: 'analyst', move: 'escalate' },
      { daysAgo: 66, by: 'official', move: 'acknowledge' },
      { daysAgo: 60, by: 'official', move: 'accept' },
      { daysAgo: 50, by: 'official', move: 'plan_response' },
      { daysAgo: 48, by: 'official', move: 'start_work' },
      { daysAgo: 3, by: 'official', move: 'resolve', evidence: 'Every station on the list has a working line again.' },
    ],
    findings: ['no_longer_reported', 'improved'],
    actions: [
      {
        action: 'Repair or replace the landline at each station listed.',
        responsible: 'Provincial technology management',
        dueInDays: -10,
        daysAgo: 55,
        done: true,
      },
    ],
  },
];

/** Creates the demo cases not there yet (found by title); returns how many it created. */
export async function ensureDemoCases(db: Db, now = new Date()): Promise<number> {
  const analystUser = await db.user.findUnique({ where: { email: 'analyst@demo.cbm-tracker.invalid' } });
  if (!analystUser) return 0;
  const actorOf = (user: { id: string; name: string; role: string; departmentId: string | null }): SignedInActor => ({
    kind: 'user',
    userId: user.id,
    name: user.name,
    role: user.role as SignedInActor['role'],
    departmentId: user.departmentId,
    facilityIds: [],
    isDemo: true,
    mustEnrollTwoFactor: false,
  });
  const analyst = actorOf(analystUser);
  const departments = new Map(
    (await db.department.findMany({ select: { id: true, code: true } })).map((row) => [row.code, row.id]),
  );
  const at = (daysAgo: number) => addDays(new Date(`${todayInSouthAfrica(now)}T08:00:00Z`), -daysAgo);
  let created = 0;
  for (const demo of DEMO_CASES) {
    if (await db.systemicCase.findFirst({ where: { title: demo.title }, select: { id: true } })) continue;
    const issues = await db.localIssue.findMany({
      where: { status: 'open', archived: false, cases: { none: {} }, facility: { sector: demo.sector } },
      select: { id: true, facilityId: true },
      orderBy: { raisedOn: 'desc' },
      take: 3,
    });
    if (issues.length === 0) continue;
    // The department that acts at each step: the owner then, as transfers and new escalations move it.
    let owner = demo.department;
    const officialOf = async (code: string) => {
      const user = await db.user.findFirst({
        where: { role: 'official', departmentId: departments.get(code) ?? '', deactivatedAt: null },
      });
      // The stories only need the departments the demo officials belong to to act.
      if (!user) throw new Error(`The demo case "${demo.title}" needs an official of ${code}.`);
      return actorOf(user);
    };
    const [first, ...rest] = demo.steps;
    let { reference, version } = await openCase(
      db,
      analyst,
      {
        localIssueIds: issues.map((issue) => issue.id),
        title: demo.title,
        problemStatement: demo.problemStatement,
        rootCauseSynthesis: '',
        owningDepartmentId: departments.get(demo.department) ?? '',
        priority: demo.priority,
        visibility: demo.visibility,
        primaryTagId: (await db.tag.findUnique({ where: { slug: demo.tag }, select: { id: true } }))?.id ?? '',
        escalate: true,
      },
      at(first?.daysAgo ?? 0),
    );
    const actionsLeft = [...(demo.actions ?? [])];
    for (const step of rest) {
      // The actions planned before this step, oldest first.
      while (actionsLeft[0] && actionsLeft[0].daysAgo > step.daysAgo) {
        const action = actionsLeft.shift()!;
        const official = await officialOf(owner);
        const added = await addResponseAction(
          db,
          official,
          {
            reference,
            version,
            action: action.action,
            responsible: action.responsible,
            responsibleIsPost: true,
            dueOn: toCalendarDate(at(-action.dueInDays)),
          },
          at(action.daysAgo),
        );
        version = added.version;
        if (action.done) {
          const update = {
            reference,
            version,
            actionId: added.actionId,
            status: 'done' as const,
            evidence: 'Done as planned.',
          };
          version = (await updateResponseAction(db, official, update, at(action.daysAgo))).version;
        }
      }
      const actor = step.by === 'analyst' ? analyst : await officialOf(owner);
      const moved = await moveCase(
        db,
        actor,
        {
          reference,
          version,
          move: step.move,
          reason: step.reason ?? '',
          evidence: step.evidence ?? '',
          targetDepartmentId: step.toDepartment ? (departments.get(step.toDepartment) ?? '') : '',
          ...(step.dueInDays !== undefined && { newDueOn: toCalendarDate(at(-step.dueInDays)) }),
        },
        at(step.daysAgo),
      );
      ({ reference, version } = moved);
      if (step.toDepartment) owner = step.toDepartment;
    }
    const facilityIds = [...new Set(issues.map((issue) => issue.facilityId))];
    for (const [index, result] of (demo.findings ?? []).entries()) {
      const facilityId = facilityIds[index];
      if (!facilityId) break;
      const finding = { reference, version, facilityId, result, roundId: NEW_ROUND, foundOn: toCalendarDate(at(1)) };
      ({ version } = await recordFollowUpFinding(db, analyst, finding, at(1)));
    }
    created += 1;
  }
  return created;
}
