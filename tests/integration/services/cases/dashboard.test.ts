import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { moveCase, type MoveCaseInput } from '../../../../src/server/services/cases/case-workflow-service.ts';
import {
  caseDashboard,
  recentCaseDashboard,
  type DashboardInput,
} from '../../../../src/server/services/cases/dashboard-service.ts';
import { openCase } from '../../../../src/server/services/cases/escalation-service.ts';
import { NEW_ROUND, recordFollowUpFinding } from '../../../../src/server/services/cases/follow-up-service.ts';
import {
  addResponseAction,
  updateResponseAction,
} from '../../../../src/server/services/cases/response-plan-service.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/** Noon in South Africa on a date: the moment a move is made in these tests. */
const on = (date: string) => new Date(`${date}T10:00:00Z`);
const TODAY = on('2026-06-22');

/*
 * The cases of tests/unit/cases/dashboard-figures.test.ts, made through the services on the dates given
 * there; the figures below are the ones worked out by hand in that file. The seeded cases are from 2016,
 * before the period.
 */
describeEachProvider('the KSA 3 dashboard', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let saps: SignedInActor;
  let treasury: SignedInActor;
  let health: SignedInActor;
  let department: Record<string, string>;
  const references: Record<string, string> = {};

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    const departments = await db.department.findMany({ select: { id: true, code: true } });
    department = Object.fromEntries(departments.map((row) => [row.code, row.id]));
    analyst = await anActorWithAccount(db, 'analyst');
    saps = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    treasury = await anActorWithAccount(db, 'official', { departmentId: department.NT });
    health = await anActorWithAccount(db, 'official', { departmentId: department.NDOH });
    const open = await db.localIssue.findMany({
      where: { status: 'open' },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    let nextIssue = 0;

    /** Opens a case escalated on `date` and makes `moves` on it, each [who, move, date]. */
    async function aCase(
      name: string,
      owner: string,
      date: string,
      moves: [SignedInActor, Omit<MoveCaseInput, 'reference' | 'version'>, string][],
    ) {
      const opened = await openCase(
        db,
        analyst,
        {
          localIssueIds: open.slice(nextIssue, nextIssue + 2).map((issue) => issue.id),
          title: `Case ${name}`,
          problemStatement: 'Stations wait months for the state garage.',
          rootCauseSynthesis: '',
          owningDepartmentId: department[owner]!,
          priority: 'high',
          visibility: 'internal',
          escalate: true,
        },
        on(date),
      );
      nextIssue += 2;
      references[name] = opened.reference;
      let version = opened.version;
      for (const [actor, move, moveDate] of moves) {
        if (move.move === 'plan_response') {
          const added = await addResponseAction(
            db,
            actor,
            {
              reference: opened.reference,
              version,
              action: 'Fix it',
              responsible: 'Fleet manager',
              dueOn: '2026-12-31',
            },
            on(moveDate),
          );
          version = (
            await updateResponseAction(
              db,
              actor,
              {
                reference: opened.reference,
                version: added.version,
                actionId: added.actionId,
                status: 'done',
                evidence: 'Done',
              },
              on(moveDate),
            )
          ).version;
        }
        if (move.move === 'verify') {
          // Verifying needs follow-up findings: one "improved" at each of the case's facilities.
          const links = await db.caseLocalIssue.findMany({
            where: { case: { reference: opened.reference } },
            select: { localIssue: { select: { facilityId: true } } },
          });
          for (const facilityId of new Set(links.map((link) => link.localIssue.facilityId))) {
            version = (
              await recordFollowUpFinding(
                db,
                actor,
                {
                  reference: opened.reference,
                  version,
                  facilityId,
                  result: 'improved',
                  roundId: NEW_ROUND,
                  foundOn: moveDate,
                },
                on(moveDate),
              )
            ).version;
          }
        }
        version = (await moveCase(db, actor, { reference: opened.reference, version, ...move }, on(moveDate))).version;
      }
    }

    const plannedAndResolved = (actor: SignedInActor, planned: string, resolved: string) =>
      [
        [actor, { move: 'plan_response' }, planned],
        [actor, { move: 'start_work' }, planned],
        [actor, { move: 'resolve', evidence: 'The garage now turns vehicles round in a week' }, resolved],
      ] as [SignedInActor, Omit<MoveCaseInput, 'reference' | 'version'>, string][];

    await aCase('A', 'SAPS', '2026-04-02', [
      [saps, { move: 'acknowledge' }, '2026-04-09'],
      [saps, { move: 'request_information', reason: 'Which stations?' }, '2026-04-14'],
      [analyst, { move: 'answer_information', reason: 'The ones in the evidence.' }, '2026-04-17'],
      [saps, { move: 'accept' }, '2026-04-22'],
      ...plannedAndResolved(saps, '2026-05-05', '2026-05-20'),
      [analyst, { move: 'verify' }, '2026-06-03'],
    ]);
    await aCase('B', 'SAPS', '2026-05-04', [
      [analyst, { move: 'extend_deadline', newDueOn: '2026-05-25', reason: 'Fleet review' }, '2026-05-15'],
      [saps, { move: 'acknowledge' }, '2026-05-21'],
      [saps, { move: 'decline', reason: 'Not ours' }, '2026-06-10'],
    ]);
    await aCase('C', 'NDOH', '2026-06-01', []);
    await aCase('E', 'SAPS', '2026-02-02', [
      [saps, { move: 'acknowledge' }, '2026-02-03'],
      [saps, { move: 'accept' }, '2026-02-04'],
      ...plannedAndResolved(saps, '2026-02-05', '2026-03-10'),
      [analyst, { move: 'close_not_fixed', reason: 'Still found in April' }, '2026-04-14'],
    ]);
    await aCase('F', 'SAPS', '2026-05-04', [
      [saps, { move: 'acknowledge' }, '2026-05-05'],
      [saps, { move: 'transfer', targetDepartmentId: department.NT, reason: 'Treasury’s contract' }, '2026-05-06'],
      [treasury, { move: 'acknowledge' }, '2026-05-08'],
      [treasury, { move: 'accept' }, '2026-05-11'],
    ]);
  });

  const dashboard = (actor: SignedInActor, input: DashboardInput = {}) =>
    caseDashboard(db, actor, { period: 'last_3_months', ...input }, TODAY);
  const ours = <Row extends { reference: string }>(rows: readonly Row[]) =>
    rows.filter((row) => Object.values(references).includes(row.reference));

  it('gives analysts every department’s figures for the period, as worked out by hand', async () => {
    const figures = await dashboard(analyst);
    expect(figures.period).toEqual({ from: '2026-04-01', to: '2026-06-22' });
    expect(figures.caseCount).toBe(4);
    expect(figures.byState).toEqual([
      { state: 'escalated', count: 1 },
      { state: 'accepted', count: 1 },
      { state: 'declined', count: 1 },
      { state: 'verified', count: 1 },
    ]);
    expect(figures.byDepartment.map((row) => [row.departmentName, row.open, row.finished, row.overdue])).toEqual([
      ['South African Police Service', 1, 1, 0],
      ['National Department of Health', 1, 0, 1],
      ['National Treasury', 1, 0, 0],
    ]);
    expect(figures.timeToAcknowledge).toEqual({ count: 4, median: 2.5, percentile90: 13 });
    expect(figures.timeToDecide).toEqual({ count: 3, median: 9, percentile90: 27 });
    expect(
      figures.deadlines.map(({ kind, ended, metOnTime, metAfterExtension, missed }) => [
        kind,
        ended,
        metOnTime,
        metAfterExtension,
        missed,
      ]),
    ).toEqual([
      ['acknowledge', 4, 3, 1, 0],
      ['decide', 4, 3, 0, 1],
      ['plan', 1, 1, 0, 0],
      ['all', 9, 7, 1, 1],
    ]);
    expect(ours(figures.overdue).map((row) => [row.reference, row.kind, row.dueOn, row.workingDaysOverdue])).toEqual([
      [references.C, 'acknowledge', '2026-06-15', 4],
    ]);
    expect(figures.monthly).toEqual([
      { month: '2026-04', resolved: 0, verified: 0, closedNotFixed: 1 },
      { month: '2026-05', resolved: 1, verified: 0, closedNotFixed: 0 },
      { month: '2026-06', resolved: 0, verified: 1, closedNotFixed: 0 },
    ]);
    // A was verified after a finding of "improved" at each of its facilities; E was closed as not fixed without one.
    const followUp = ours(figures.followUp).map((row) => [row.reference, row.status, row.summary]);
    const facilitiesOfA = ours(figures.followUp).find((row) => row.reference === references.A)!.standing.facilities;
    expect(followUp).toContainEqual([
      references.A,
      'verified',
      `Improved at ${facilitiesOfA} of ${facilitiesOfA} ${facilitiesOfA === 1 ? 'facility' : 'facilities'}`,
    ]);
    expect(followUp).toContainEqual([references.E, 'closed_not_fixed', 'No follow-up findings recorded yet']);
  });

  it('gives an official their department’s figures only: the cases it owns, its own answers and deadlines', async () => {
    const sapsFigures = await dashboard(saps, { departmentCode: 'NT' });
    expect(sapsFigures.isDepartmentView).toBe(true);
    expect(sapsFigures.caseCount).toBe(2);
    expect(sapsFigures.timeToAcknowledge).toEqual({ count: 2, median: 8, percentile90: 13 });
    expect(sapsFigures.timeToDecide).toEqual({ count: 2, median: 18, percentile90: 27 });
    expect(sapsFigures.deadlines.at(-1)).toMatchObject({ ended: 5, metOnTime: 3, metAfterExtension: 1, missed: 1 });
    expect(sapsFigures.candidates).toBeNull();

    const treasuryFigures = await dashboard(treasury);
    expect(treasuryFigures.caseCount).toBe(1);
    // The SAPS acknowledged case F before transferring it: that answer is the SAPS's, not the Treasury's.
    expect(treasuryFigures.timeToAcknowledge).toEqual({ count: 1, median: 2, percentile90: 2 });
    expect(treasuryFigures.timeToDecide).toEqual({ count: 1, median: 3, percentile90: 3 });
    expect(treasuryFigures.deadlines.at(-1)).toMatchObject({ ended: 2, metOnTime: 2, missed: 0 });
    // An analyst who filters by the Treasury sees the same.
    const filtered = await dashboard(analyst, { departmentCode: 'NT' });
    expect(filtered.timeToAcknowledge).toEqual(treasuryFigures.timeToAcknowledge);
    expect(filtered.deadlines).toEqual(treasuryFigures.deadlines);

    const healthFigures = await dashboard(health);
    expect(ours(healthFigures.overdue).map((row) => row.reference)).toEqual([references.C]);
    expect(healthFigures.overdue.every((row) => row.departmentName === healthFigures.departmentName)).toBe(true);
  });

  it('filters by the province and sector of the evidence, and by period', async () => {
    const issue = await db.localIssue.findFirstOrThrow({
      where: { cases: { some: { case: { reference: references.A } } } },
      select: { facility: { select: { province: true, sector: true } } },
    });
    const { province, sector } = issue.facility;
    const expected = await db.systemicCase.count({
      where: {
        reference: { in: [references.A!, references.B!, references.C!, references.F!] },
        localIssues: { some: { localIssue: { facility: { province, sector } } } },
      },
    });
    const filtered = await dashboard(analyst, { province, sector });
    expect(filtered.caseCount).toBe(expected);
    expect(filtered.caseCount).toBeGreaterThanOrEqual(1);

    const allTime = await dashboard(analyst, { period: 'all_time' });
    expect(allTime.monthly.find((row) => row.month === '2026-03')).toMatchObject({ resolved: 1 });
    const lastYear = await dashboard(analyst, { period: 'last_financial_year' });
    expect(lastYear.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    // E: acknowledged 3 February, one working day after its escalation on 2 February.
    expect(lastYear.timeToAcknowledge).toEqual({ count: 1, median: 1, percentile90: 1 });
  });

  it('lists the rule’s proposals that no case holds yet, for analysts', async () => {
    const suggestedDepartmentId = department.SAPS!;
    const proposed = await db.cluster.create({
      data: {
        label: 'Vehicles wait for repair',
        isSystemicCandidate: true,
        issueCount: 3,
        facilityCount: 3,
        suggestedDepartmentId,
      },
    });
    const heldByCase = await db.cluster.create({
      data: {
        label: 'Held by a case',
        isSystemicCandidate: true,
        issueCount: 3,
        facilityCount: 3,
        suggestedDepartmentId,
      },
    });
    const caseId = (await db.systemicCase.findUniqueOrThrow({ where: { reference: references.A } })).id;
    await db.caseCluster.create({ data: { caseId, clusterId: heldByCase.id } });
    await db.cluster.create({ data: { label: 'Not proposed', issueCount: 3, facilityCount: 3 } });

    const figures = await dashboard(analyst);
    expect(figures.candidates?.items.map((cluster) => cluster.id)).toEqual([proposed.id]);
    expect(figures.candidates?.items[0]?.suggestedDepartmentName).toBe('South African Police Service');
    expect((await dashboard(analyst, { departmentCode: 'NT' })).candidates?.total).toBe(0);
  });

  it('gives pages the figures of the last 30 seconds for the same scope and filters, and computes others afresh', async () => {
    const first = await recentCaseDashboard(db, analyst, { period: 'all_time' });
    await db.cluster.create({
      data: { label: 'Proposed after the figures', isSystemicCandidate: true, issueCount: 2, facilityCount: 2 },
    });
    const again = await recentCaseDashboard(db, { ...analyst }, { period: 'all_time' });
    expect(again).toBe(first);
    const otherFilter = await recentCaseDashboard(db, analyst, { period: 'all_time', sector: 'policing' });
    expect(otherFilter).not.toBe(first);
    const official = await recentCaseDashboard(db, saps, { period: 'all_time' });
    expect(official.isDepartmentView).toBe(true);
    expect(official.candidates).toBeNull();
    expect((await caseDashboard(db, analyst, { period: 'all_time' })).candidates?.total).toBe(
      (first.candidates?.total ?? 0) + 1,
    );
  });

  it('refuses viewers who are neither DPME staff nor officials', async () => {
    const partner = await anActorWithAccount(db, 'partner');
    expect((await refusalOf(dashboard(partner))).message).toBe(
      'Only DPME analysts, administrators and department officials see the dashboard.',
    );
  });
});
