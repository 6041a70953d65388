import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { loadSeedData } from '../../../prisma/seed/load-seed-data.ts';
import { seedDatabase, type SeedResult } from '../../../prisma/seed/seed.ts';
import { describeEachProvider } from '../../support/test-database.ts';

const data = loadSeedData();

/** Every table's row count and newest update, to show that nothing changed at all. */
async function snapshot(db: Db) {
  const counts = await Promise.all([
    db.department.count(),
    db.facility.count(),
    db.monitoringRound.count(),
    db.tag.count(),
    db.tagSynonym.count(),
    db.localIssue.count(),
    db.localIssueTag.count(),
    db.rootCause.count(),
    db.charterCommitment.count(),
    db.commitmentUpdate.count(),
    db.systemicCase.count(),
    db.caseEvent.count(),
    db.responseAction.count(),
    db.auditEvent.count(),
  ]);
  const newest = await Promise.all([
    db.facility.aggregate({ _max: { updatedAt: true } }),
    db.localIssue.aggregate({ _max: { updatedAt: true } }),
    db.systemicCase.aggregate({ _max: { updatedAt: true } }),
  ]);
  return { counts, newest: newest.map((row) => row._max.updatedAt?.toISOString()) };
}

describeEachProvider('seedDatabase', (database) => {
  let first: SeedResult;
  beforeAll(async () => {
    first = await seedDatabase(database().db, data);
  });

  it('loads every department, facility, round, tag, issue and case', () => {
    expect(first.created).toMatchObject({
      departments: data.departments.length,
      facilities: data.facilities.length,
      monitoringRounds: data.rounds.length,
      tags: data.tags.length,
      localIssues: data.localIssues.length,
      systemicCases: data.cases.length,
    });
  });

  it('changes nothing when run a second time', async () => {
    const { db } = database();
    const before = await snapshot(db);
    const second = await seedDatabase(db, data);
    expect(Object.values(second.created).every((count) => count === 0)).toBe(true);
    expect(await snapshot(db)).toEqual(before);
  });

  it('marks only the issues of a systemic case as escalated', async () => {
    const { db } = database();
    const escalated = await db.localIssue.findMany({ where: { status: 'escalated' }, select: { externalRef: true } });
    const caseRefs = new Set(data.cases.flatMap((c) => c.issueRefs));
    expect(new Set(escalated.map((issue) => issue.externalRef))).toEqual(caseRefs);
  });

  it('records the report totals and a readable case history', async () => {
    const { db } = database();
    const totals = await db.monitoringRound.aggregate({
      where: { programme: 'national_pilot' },
      _sum: { citizensInterviewed: true, staffInterviewed: true, monitorsTrained: true },
    });
    expect(totals._sum).toEqual({ citizensInterviewed: 25982, staffInterviewed: 1191, monitorsTrained: 366 });
    const vehicles = await db.systemicCase.findFirst({
      where: { owningDepartment: { code: 'SAPS' }, status: 'in_progress' },
      include: { events: { orderBy: { createdAt: 'asc' } } },
    });
    expect(vehicles?.events[0]).toMatchObject({
      kind: 'escalate',
      fromStatus: 'draft',
      toStatus: 'escalated',
      version: 1,
    });
    expect(vehicles?.events.at(-1)?.toStatus).toBe('in_progress');
  });

  it('replays the pilot cases through the workflow clock: the deadlines each department met or missed', async () => {
    const { db } = database();
    const deadlinesOf = (reference: string) =>
      db.caseDeadline.findMany({ where: { case: { reference } }, orderBy: { startedOn: 'asc' } });
    // Escalated on Saturday 15 October 2016 and acknowledged on Saturday 29 October, a day late; accepted on
    // 4 December, past 11 November; planned by 13 January, within 30 working days (27 December was the observed
    // Christmas holiday).
    expect(
      (await deadlinesOf('SC-2016-0002')).map((d) => [d.kind, d.dueOn.toISOString().slice(0, 10), d.outcome]),
    ).toEqual([
      ['acknowledge', '2016-10-28', 'missed'],
      ['decide', '2016-11-11', 'missed'],
      ['plan', '2017-01-18', 'met'],
    ]);
    // Never acknowledged: its deadline still runs, and the case is listed by it.
    const [waiting] = await deadlinesOf('SC-2016-0003');
    expect(waiting).toMatchObject({ kind: 'acknowledge', outcome: null, endedOn: null });
    const unanswered = await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0003' } });
    expect(unanswered.nextDueOn?.toISOString().slice(0, 10)).toBe('2016-12-02');
    expect(await db.caseReferenceCounter.findUnique({ where: { year: 2016 } })).toMatchObject({ last: 4 });
  });

  it('fills the full-text index for the seeded issues', async () => {
    const { db, provider } = database();
    const sql =
      provider.name === 'sqlite'
        ? `SELECT count(*) AS n FROM local_issue_search WHERE local_issue_search MATCH 'garage'`
        : `SELECT count(*) AS n FROM local_issue_search WHERE document @@ websearch_to_tsquery('english', 'garage')`;
    const [row] = await db.$queryRawUnsafe<{ n: number | bigint }[]>(sql);
    expect(Number(row?.n)).toBeGreaterThanOrEqual(3);
  });
});
