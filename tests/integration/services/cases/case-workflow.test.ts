import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { casePage, listCases } from '../../../../src/server/services/cases/case-queries.ts';
import { moveCase, type MoveCaseInput } from '../../../../src/server/services/cases/case-workflow-service.ts';
import { editCase, openCase, type OpenCaseInput } from '../../../../src/server/services/cases/escalation-service.ts';
import {
  addResponseAction,
  commentOnCase,
  updateResponseAction,
} from '../../../../src/server/services/cases/response-plan-service.ts';
import {
  NEW_ROUND,
  recordFollowUpFinding,
  type FollowUpFindingInput,
} from '../../../../src/server/services/cases/follow-up-service.ts';
import { toCalendarDate } from '../../../../src/lib/calendar-date.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/** Noon in South Africa on a date: the moment a move is made in these tests. */
const on = (date: string) => new Date(`${date}T10:00:00Z`);

describeEachProvider('systemic cases through their workflow', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let saps: SignedInActor;
  let sapsColleague: SignedInActor;
  let treasury: SignedInActor;
  let health: SignedInActor;
  let department: Record<string, string>;
  let issueIds: string[];

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    const departments = await db.department.findMany({ select: { id: true, code: true } });
    department = Object.fromEntries(departments.map((row) => [row.code, row.id]));
    analyst = await anActorWithAccount(db, 'analyst');
    saps = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    sapsColleague = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    treasury = await anActorWithAccount(db, 'official', { departmentId: department.NT });
    health = await anActorWithAccount(db, 'official', { departmentId: department.NDOH });
    const open = await db.localIssue.findMany({
      // Each test's case takes two issues of its own.
      where: { status: 'open' },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    issueIds = open.map((issue) => issue.id);
  });

  let nextIssue = 0;
  /** A case on two issues no other test uses, escalated to SAPS on `date` unless `escalate` is false. */
  async function aCase(date = '2026-04-02', overrides: Partial<OpenCaseInput> = {}) {
    const localIssueIds = issueIds.slice(nextIssue, nextIssue + 2);
    nextIssue += 2;
    return openCase(
      db,
      analyst,
      {
        localIssueIds,
        title: 'Police vehicles wait months for repair',
        problemStatement: 'Stations wait months for the state garage.',
        rootCauseSynthesis: '',
        owningDepartmentId: department.SAPS!,
        priority: 'high',
        visibility: 'internal',
        escalate: true,
        ...overrides,
      },
      on(date),
    );
  }

  const move = (actor: SignedInActor, input: MoveCaseInput, date: string) => moveCase(db, actor, input, on(date));
  const finding = (
    input: Omit<FollowUpFindingInput, 'roundId' | 'foundOn'> & Partial<FollowUpFindingInput>,
    date: string,
  ) => recordFollowUpFinding(db, analyst, { roundId: NEW_ROUND, foundOn: date, ...input }, on(date));
  const facilitiesOf = async (reference: string) =>
    [
      ...new Set(
        (
          await db.localIssue.findMany({
            where: { cases: { some: { case: { reference } } } },
            select: { facilityId: true },
          })
        ).map((issue) => issue.facilityId),
      ),
    ].sort();
  const runningDeadline = async (reference: string) =>
    db.caseDeadline.findFirstOrThrow({ where: { case: { reference }, endedOn: null } });

  it('escalates with a reference of the year, pins the issues and starts a 10-working-day clock across Easter', async () => {
    const opened = await aCase('2026-04-02');
    expect(opened.reference).toMatch(/^SC-2026-\d{4}$/);
    expect(opened.status).toBe('escalated');
    const deadline = await runningDeadline(opened.reference);
    // Good Friday (3 April) and Family Day (6 April) are not working days.
    expect(deadline.kind).toBe('acknowledge');
    expect(toCalendarDate(deadline.dueOn)).toBe('2026-04-20');
    const issues = await db.localIssue.findMany({
      where: { cases: { some: { case: { reference: opened.reference } } } },
      select: { status: true, clusterPinned: true },
    });
    expect(issues).toHaveLength(2);
    expect(issues.every((issue) => issue.status === 'escalated')).toBe(true);
    const events = await db.caseEvent.findMany({ where: { case: { reference: opened.reference } } });
    expect(events.map((event) => event.kind).sort()).toEqual(['created', 'escalate']);
  });

  it('keeps a draft unlocked and without a clock until it is escalated', async () => {
    const draft = await aCase('2026-04-22', { escalate: false });
    expect(draft.status).toBe('draft');
    const links = await db.localIssue.findMany({
      where: { cases: { some: { case: { reference: draft.reference } } } },
      select: { status: true },
    });
    expect(links.every((issue) => issue.status === 'open')).toBe(true);
    expect(await db.caseDeadline.count({ where: { case: { reference: draft.reference } } })).toBe(0);
    const escalated = await move(
      analyst,
      { reference: draft.reference, move: 'escalate', version: draft.version },
      '2026-04-24',
    );
    expect(escalated.status).toBe('escalated');
    // 27 April (Freedom Day) and 1 May (Workers' Day) are holidays: 10 working days after Friday 24 April.
    expect(toCalendarDate((await runningDeadline(draft.reference)).dueOn)).toBe('2026-05-12');
  });

  it('walks the whole path: acknowledge, a question that pauses the clock, an extension, a transfer, a plan and a resolution', async () => {
    const { reference, version } = await aCase('2026-06-01');
    let v = version;
    const step = async (actor: SignedInActor, input: Omit<MoveCaseInput, 'reference' | 'version'>, date: string) => {
      const moved = await move(actor, { reference, version: v, ...input }, date);
      v = moved.version;
      return moved;
    };
    await step(saps, { move: 'acknowledge' }, '2026-06-03');
    // Decide within 10 working days of Wednesday 3 June; 16 June (Youth Day) is a holiday.
    expect(toCalendarDate((await runningDeadline(reference)).dueOn)).toBe('2026-06-18');

    await step(saps, { move: 'request_information', reason: 'Which stations?' }, '2026-06-04');
    const paused = await runningDeadline(reference);
    expect(paused.pausedOn).not.toBeNull();
    expect((await db.systemicCase.findUniqueOrThrow({ where: { reference } })).nextDueOn).toBeNull();
    const waiting = await casePage(db, saps, reference, on('2026-06-05'));
    expect(waiting.status).toBe('information_requested');
    expect(waiting.deadline?.text).toBe('Paused: waiting for DPME');

    await step(analyst, { move: 'answer_information', reason: 'The 15 in the evidence.' }, '2026-06-09');
    const resumed = await runningDeadline(reference);
    expect(resumed.pausedOn).toBeNull();
    // Paused from Thursday 4 to Tuesday 9 June: 3 working days (5, 8, 9) are added.
    expect(resumed.pausedWorkingDays).toBe(3);
    expect(toCalendarDate(resumed.dueOn)).toBe('2026-06-23');
    expect((await db.systemicCase.findUniqueOrThrow({ where: { reference } })).status).toBe('acknowledged');

    await step(
      analyst,
      { move: 'extend_deadline', newDueOn: '2026-06-30', reason: 'Fleet review under way' },
      '2026-06-10',
    );
    const extended = await casePage(db, saps, reference, on('2026-06-29'));
    expect(extended.deadline?.text).toBe('Due in 1 working day (extended)');

    await step(
      saps,
      { move: 'transfer', targetDepartmentId: department.NT, reason: 'Repair contracts are Treasury’s' },
      '2026-06-30',
    );
    const [ended, restarted] = await db.caseDeadline.findMany({
      where: { case: { reference } },
      orderBy: { startedOn: 'asc' },
      skip: 1,
    });
    expect(ended).toMatchObject({ kind: 'decide', outcome: 'met', extensions: 1 });
    expect(restarted).toMatchObject({ kind: 'acknowledge', departmentId: department.NT, endedOn: null });
    expect(toCalendarDate(restarted!.dueOn)).toBe('2026-07-14');
    await expect(casePage(db, saps, reference)).rejects.toThrow('There is no such case.');

    await step(treasury, { move: 'acknowledge' }, '2026-07-01');
    await step(treasury, { move: 'accept' }, '2026-07-02');
    expect((await refusalOf(step(treasury, { move: 'plan_response' }, '2026-07-03'))).message).toBe(
      'Add at least one response action before confirming the plan.',
    );
    const added = await addResponseAction(
      db,
      treasury,
      {
        reference,
        version: v,
        action: 'Review the repair contract',
        responsible: 'Transversal contracting',
        dueOn: '2026-09-30',
      },
      on('2026-07-03'),
    );
    v = added.version;
    await step(treasury, { move: 'plan_response' }, '2026-07-06');
    await step(treasury, { move: 'start_work' }, '2026-07-07');
    expect(
      (await refusalOf(step(treasury, { move: 'resolve', evidence: 'Contract changed' }, '2026-07-08'))).message,
    ).toBe('1 response action is neither done nor dropped: finish or drop them before marking the case resolved.');
    v = (
      await updateResponseAction(
        db,
        treasury,
        { reference, version: v, actionId: added.actionId, status: 'done', evidence: 'New contract signed' },
        on('2026-07-08'),
      )
    ).version;
    await step(treasury, { move: 'resolve', evidence: 'Local workshops may now do minor repairs' }, '2026-07-09');
    const facilityIds = await facilitiesOf(reference);
    for (const facilityId of facilityIds) {
      v = (await finding({ reference, version: v, facilityId, result: 'improved' }, '2026-08-07')).version;
    }
    await step(analyst, { move: 'verify' }, '2026-08-10');
    await step(analyst, { move: 'close' }, '2026-08-11');

    const page = await casePage(db, analyst, reference);
    expect(page.status).toBe('closed');
    expect(page.events.map((event) => event.kind)).toEqual([
      'created',
      'escalate',
      'acknowledge',
      'request_information',
      'answer_information',
      'extend_deadline',
      'transfer',
      'acknowledge',
      'accept',
      'action_added',
      'plan_response',
      'start_work',
      'action_changed',
      'resolve',
      ...facilityIds.map(() => 'finding_recorded'),
      'verify',
      'close',
    ]);
    expect(page.events.map((event) => event.version)).toEqual([
      0,
      ...Array.from({ length: 15 + facilityIds.length }, (_, i) => i + 1),
    ]);
    expect(page.deadlines.map((deadline) => [deadline.kind, deadline.outcome])).toEqual([
      ['acknowledge', 'met'],
      ['decide', 'met'],
      ['acknowledge', 'met'],
      ['decide', 'met'],
      ['plan', 'met'],
    ]);
  });

  it('verifies a resolved case only once follow-up findings at enough facilities show it improved', async () => {
    // Three issues at three facilities, from the end of the open issues (the other tests take from the start).
    const spread = await db.localIssue.findMany({
      where: { id: { in: issueIds.slice(-40) } },
      select: { id: true, facilityId: true },
    });
    const localIssueIds = [...new Map(spread.map((issue) => [issue.facilityId, issue.id])).values()].slice(0, 3);
    expect(localIssueIds).toHaveLength(3);
    const opened = await aCase('2026-09-01', { localIssueIds });
    const reference = opened.reference;
    let v = opened.version;
    const step = async (actor: SignedInActor, input: Omit<MoveCaseInput, 'reference' | 'version'>, date: string) => {
      v = (await move(actor, { reference, version: v, ...input }, date)).version;
    };
    await step(saps, { move: 'acknowledge' }, '2026-09-02');
    await step(saps, { move: 'accept' }, '2026-09-03');
    const added = await addResponseAction(
      db,
      saps,
      { reference, version: v, action: 'Standby vans', responsible: 'Fleet unit', dueOn: '2026-10-30' },
      on('2026-09-04'),
    );
    v = added.version;
    await step(saps, { move: 'plan_response' }, '2026-09-04');
    await step(saps, { move: 'start_work' }, '2026-09-07');
    v = (
      await updateResponseAction(
        db,
        saps,
        { reference, version: v, actionId: added.actionId, status: 'done' },
        on('2026-09-08'),
      )
    ).version;
    const [first, second, third] = await facilitiesOf(reference);
    expect(
      (await refusalOf(finding({ reference, version: v, facilityId: first!, result: 'improved' }, '2026-09-09')))
        .message,
    ).toBe('Follow-up findings are recorded once the department has marked the case resolved, and until DPME decides.');
    await step(saps, { move: 'resolve', evidence: 'Standby vans at each station' }, '2026-09-09');

    expect((await refusalOf(move(analyst, { reference, version: v, move: 'verify' }, '2026-10-01'))).message).toBe(
      'Record follow-up findings at 2 of the 3 facilities or more before verifying (0 recorded so far).',
    );
    // Each finding names its errors on their fields, all at once.
    const refused = await refusalOf(
      finding(
        {
          reference,
          version: v,
          facilityId: first!,
          result: 'improved',
          citizensAsked: 10,
          citizensCiting: 12,
          foundOn: '2099-01-01',
        },
        '2026-10-01',
      ),
    );
    expect((refused.details as { fields: unknown }).fields).toEqual({
      citizensCiting: 'The number of citizens citing it cannot be more than the number asked',
      foundOn: 'The date of the follow-up cannot be in the future',
    });
    const existing = await db.monitoringRound.findFirstOrThrow({ where: { facilityId: first! } });
    v = (
      await finding(
        {
          reference,
          version: v,
          facilityId: first!,
          result: 'still_reported',
          roundId: existing.id,
          citizensAsked: 30,
          citizensCiting: 21,
        },
        '2026-10-01',
      )
    ).version;
    v = (await finding({ reference, version: v, facilityId: second!, result: 'still_reported' }, '2026-10-02')).version;
    expect((await refusalOf(move(analyst, { reference, version: v, move: 'verify' }, '2026-10-05'))).message).toBe(
      'Only 0 of the 2 follow-up findings show the problem improved or gone; at least 1 must, to verify. Reopen the case or close it as not fixed.',
    );
    // A new round is the next wave of the facility's programme, and the finding replaces the facility's earlier one.
    const wavesBefore = await db.monitoringRound.count({ where: { facilityId: second! } });
    v = (await finding({ reference, version: v, facilityId: second!, result: 'no_longer_reported' }, '2026-10-06'))
      .version;
    expect(await db.monitoringRound.count({ where: { facilityId: second! } })).toBe(wavesBefore + 1);
    expect(await db.followUpFinding.count({ where: { case: { reference } } })).toBe(2);

    // A finding recorded after the analyst opened the page makes their verification stale.
    const stale = v;
    v = (await finding({ reference, version: v, facilityId: third!, result: 'improved' }, '2026-10-06')).version;
    expect(
      (await refusalOf(move(analyst, { reference, version: stale, move: 'verify' }, '2026-10-07'))).message,
    ).toMatch(
      /Someone changed this case after you opened it, so your change was not saved: .* recorded a follow-up finding/,
    );
    const page = await casePage(db, saps, reference);
    expect(page.followUp.summary).toBe('Improved at 2 of 3 facilities');
    expect(page.followUp.rows.find((row) => row.facility.id === first)?.finding).toMatchObject({
      result: 'still_reported',
      citizensAsked: 30,
      citizensCiting: 21,
      roundId: existing.id,
    });
    expect(page.followUp.mayRecord).toBe(false);
    await move(analyst, { reference, version: v, move: 'verify' }, '2026-10-07');
    const recorded = await db.caseEvent.findMany({
      where: { case: { reference }, kind: 'finding_recorded' },
      orderBy: { version: 'asc' },
    });
    expect(recorded.map((event) => (event.changes as { result: string }).result)).toEqual([
      'still_reported',
      'still_reported',
      'no_longer_reported',
      'improved',
    ]);
    expect(
      (await refusalOf(finding({ reference, version: v + 1, facilityId: first!, result: 'improved' }, '2026-10-08')))
        .message,
    ).toBe('Follow-up findings are recorded once the department has marked the case resolved, and until DPME decides.');
  });

  it('lets an analyst escalate a declined case again to another department, whose clock starts afresh', async () => {
    const { reference, version } = await aCase('2026-05-04');
    let v = (await move(saps, { reference, version, move: 'acknowledge' }, '2026-05-05')).version;
    expect((await refusalOf(move(saps, { reference, version: v, move: 'decline' }, '2026-05-06'))).message).toBe(
      'reason: Say why the department declines the case',
    );
    v = (await move(saps, { reference, version: v, move: 'decline', reason: 'Not a policing matter' }, '2026-05-06'))
      .version;
    v = (
      await move(
        analyst,
        {
          reference,
          version: v,
          move: 'escalate_again',
          targetDepartmentId: department.NDOH,
          reason: 'Clinic staff raise it too',
        },
        '2026-05-07',
      )
    ).version;
    const page = await casePage(db, health, reference, on('2026-05-07'));
    expect(page.status).toBe('escalated');
    expect(page.owningDepartment.name).toBe('National Department of Health');
    expect(page.deadline).toMatchObject({ kind: 'acknowledge', dueOn: '2026-05-21' });
    expect(page.moves.map((m) => m.name)).toEqual(['acknowledge', 'transfer', 'request_information']);
    const missed = await move(health, { reference, version: v, move: 'acknowledge' }, '2026-05-29');
    expect(missed.status).toBe('acknowledged');
    const acknowledged = await db.caseDeadline.findFirstOrThrow({
      where: { case: { reference }, kind: 'acknowledge', departmentId: department.NDOH },
    });
    expect(acknowledged.outcome).toBe('missed');
  });

  it('lets exactly one of two officials racing to accept and decline win, and tells the other what happened', async () => {
    const { reference, version } = await aCase('2026-03-02');
    const v = (await move(saps, { reference, version, move: 'acknowledge' }, '2026-03-03')).version;
    const results = await Promise.allSettled([
      move(saps, { reference, version: v, move: 'accept' }, '2026-03-04'),
      move(sapsColleague, { reference, version: v, move: 'decline', reason: 'Not ours' }, '2026-03-04'),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const message = ((lost[0] as PromiseRejectedResult).reason as Error).message;
    expect(message).toMatch(
      /^Someone changed this case after you opened it, so your change was not saved: Test official \d+ \(Sector official\) (accepted|declined) the case/,
    );
    const decisions = await db.caseEvent.count({ where: { case: { reference }, kind: { in: ['accept', 'decline'] } } });
    expect(decisions).toBe(1);
  });

  it('gives an official of another department "not found" on every case route and leaves the case out of their lists', async () => {
    const { reference, version } = await aCase('2026-03-09');
    await expect(casePage(db, health, reference)).rejects.toThrow('There is no such case.');
    await expect(move(health, { reference, version, move: 'acknowledge' }, '2026-03-10')).rejects.toThrow(
      'There is no such case.',
    );
    await expect(commentOnCase(db, health, { reference, comment: 'Hello' })).rejects.toThrow('There is no such case.');
    await expect(
      addResponseAction(db, health, { reference, version, action: 'x', responsible: 'Unit', dueOn: '2026-05-01' }),
    ).rejects.toThrow('There is no such case.');
    const theirs = await listCases(db, health, { pageSize: 100 });
    expect(theirs.items.map((item) => item.reference)).not.toContain(reference);
    const ours = await listCases(db, saps, { pageSize: 100, ownDepartmentOnly: true });
    expect(ours.items.map((item) => item.reference)).toContain(reference);
  });

  it('gives references without gaps or clashes to escalations made at the same time', async () => {
    const before = await db.caseReferenceCounter.findUnique({ where: { year: 2026 } });
    const opened = await Promise.all(Array.from({ length: 6 }, () => aCase('2026-03-16')));
    const numbers = opened.map((c) => Number(c.reference.slice(-4))).sort((a, b) => a - b);
    const first = (before?.last ?? 0) + 1;
    expect(numbers).toEqual(Array.from({ length: 6 }, (_, i) => first + i));
  });

  it('withdraws a case with a reason and gives its issues back to the facilities', async () => {
    const { reference, version } = await aCase('2026-03-23');
    await move(analyst, { reference, version, move: 'withdraw', reason: 'Raised in error' }, '2026-03-24');
    const issues = await db.localIssue.findMany({
      where: { cases: { some: { case: { reference } } } },
      select: { status: true },
    });
    expect(issues.map((issue) => issue.status)).toEqual(['open', 'open']);
    const deadline = await db.caseDeadline.findFirstOrThrow({ where: { case: { reference } } });
    expect(deadline.outcome).toBe('cancelled');
  });

  it('lets an analyst edit a case against the version they saw, and keeps what changed in its history', async () => {
    const { reference, version } = await aCase('2026-04-13');
    const fields = {
      reference,
      title: 'Police vans wait months for the state garage',
      problemStatement: 'Stations wait months for the state garage.',
      rootCauseSynthesis: '',
      priority: 'critical' as const,
      visibility: 'public' as const,
    };
    const edited = await editCase(db, analyst, { ...fields, version }, on('2026-04-14'));
    expect(edited.version).toBe(version + 1);
    const event = await db.caseEvent.findFirstOrThrow({ where: { case: { reference }, kind: 'edited' } });
    expect(event.changes).toEqual({
      fields: ['title', 'priority', 'visibility'],
      from: { title: 'Police vehicles wait months for repair', priority: 'high', visibility: 'internal' },
      to: { title: 'Police vans wait months for the state garage', priority: 'critical', visibility: 'public' },
    });
    const stale = await refusalOf(editCase(db, analyst, { ...fields, title: 'Another title', version }));
    expect(stale.code).toBe('stale_version');
    expect(stale.message).toMatch(/Test analyst \d+ \(DPME CBM analyst\) edited the case/);
    await expect(editCase(db, saps, { ...fields, version: edited.version })).rejects.toThrow(
      'Only DPME CBM analysts edit systemic cases.',
    );
  });

  it('refuses to change or delete a case event, even through raw SQL', async () => {
    const event = await db.caseEvent.findFirstOrThrow({ where: { case: { reference: 'SC-2016-0002' } } });
    await expect(
      db.$executeRawUnsafe(`UPDATE "CaseEvent" SET "reason" = 'rewritten' WHERE "id" = '${event.id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "CaseEvent" WHERE "id" = '${event.id}'`)).rejects.toThrow(
      /append-only/,
    );
    expect((await db.caseEvent.findUniqueOrThrow({ where: { id: event.id } })).reason).toBe(event.reason);
  });
});
