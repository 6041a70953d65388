import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { PUBLIC_ACTOR } from '../../../../src/domain/accounts/actor.ts';
import { getStartPage, type StartPage } from '../../../../src/server/services/overview/start-page-service.ts';
import { createContext } from '../../../../src/server/trpc/context.ts';
import { createCaller } from '../../../../src/server/trpc/root.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aCommitment, aDepartment, aFacility, aLocalIssue, aRound } from '../../../fixtures/builders.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const now = new Date('2026-03-14T10:00:00+02:00');
const hoursBefore = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
const day = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);

function as<R extends StartPage['role']>(start: StartPage, role: R): Extract<StartPage, { role: R }> {
  expect(start.role).toBe(role);
  return start as Extract<StartPage, { role: R }>;
}

describeEachProvider('start pages', (database) => {
  let db: Db;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ db } = database());
    const police = await aDepartment(db, { name: 'South African Police Service' });
    const health = await aDepartment(db, { name: 'Mpumalanga Health', sector: 'health' });
    ids.police = police.id;
    ids.health = health.id;
    const kabokweni = await aFacility(db, { name: 'Kabokweni SAPS', departmentId: police.id });
    const msogwaba = await aFacility(db, { name: 'Msogwaba SAPS', departmentId: police.id });
    const closed = await aFacility(db, { name: 'Closed station', departmentId: police.id, archived: true });
    const clinic = await aFacility(db, { name: 'Kanyamazane clinic', departmentId: health.id, kind: 'clinic' });
    Object.assign(ids, { kabokweni: kabokweni.id, msogwaba: msogwaba.id, closed: closed.id, clinic: clinic.id });

    await aLocalIssue(db, kabokweni, { title: 'Vans wait months at the garage' });
    await aLocalIssue(db, kabokweni);
    await aLocalIssue(db, kabokweni, { status: 'closed' });
    await aLocalIssue(db, kabokweni, { archived: true });
    await aLocalIssue(db, msogwaba);
    for (let n = 0; n < 3; n += 1) await aLocalIssue(db, clinic);
    const flagged = await aLocalIssue(db, clinic, {
      title: 'Sister at the front desk turns people away',
      personalDataFlagged: true,
      raisedOn: day('2026-03-10'),
    });
    ids.flagged = flagged.id;
    await aLocalIssue(db, clinic, { personalDataFlagged: true, archived: true });

    // Overdue: open and past its due date (South African today is 2026-03-14); due today is not yet.
    await aCommitment(db, kabokweni, { dueOn: day('2026-03-01') });
    await aCommitment(db, kabokweni, { dueOn: day('2026-03-01'), status: 'done' });
    await aCommitment(db, kabokweni, { dueOn: day('2026-03-14'), status: 'in_progress' });
    await aCommitment(db, clinic, { dueOn: day('2026-02-01'), status: 'in_progress' });

    for (const [startedOn, currentStep] of [
      ['2014-02-03', 'monitor_and_escalate'],
      ['2015-02-03', 'monitor_and_escalate'],
      ['2016-02-03', 'dialogue_and_charter'],
      ['2017-02-03', 'gather_feedback'],
    ] as const) {
      await aRound(db, kabokweni, { startedOn: day(startedOn), currentStep });
    }

    const candidate = await db.cluster.create({
      data: {
        label: 'Police vans off the road',
        isSystemicCandidate: true,
        issueCount: 5,
        facilityCount: 4,
        provinceCount: 2,
      },
    });
    ids.candidate = candidate.id;
    await db.cluster.create({ data: { label: 'Queues before dawn', issueCount: 3, facilityCount: 2 } });

    const anImport = (fileName: string, outcome: 'succeeded' | 'failed' | 'running', startedAt: Date) =>
      db.importRun.create({
        data: { actorLabel: 'test', source: 'csv', fileName, fileChecksum: fileName, outcome, startedAt },
      });
    await anImport('old-refused.csv', 'failed', hoursBefore(8 * 24));
    ids.refusedImport = (await anImport('refused.csv', 'failed', hoursBefore(2 * 24))).id;
    await anImport('imported.csv', 'succeeded', hoursBefore(24));
    await anImport('running.csv', 'running', hoursBefore(1));

    const aRun = (status: 'succeeded' | 'failed', queuedAt: Date) =>
      db.clusterRun.create({ data: { status, startedByLabel: 'test', queuedAt } });
    await aRun('failed', hoursBefore(10 * 24));
    ids.failedRun = (await aRun('failed', hoursBefore(3 * 24))).id;
    ids.recentRun = (await aRun('succeeded', hoursBefore(24))).id;

    for (const [reference, owningDepartmentId, status] of [
      ['SC-2026-0001', police.id, 'acknowledged'],
      ['SC-2026-0002', police.id, 'closed'],
      ['SC-2026-0003', health.id, 'escalated'],
    ] as const) {
      await db.systemicCase.create({
        data: {
          reference,
          title: 'Vans wait months',
          problemStatement: 'Vans wait months at the garage.',
          owningDepartmentId,
          status,
          escalatedAt: day('2026-01-10'),
          // The health case's acknowledgement is overdue.
          nextDueOn: status === 'escalated' ? day('2026-01-24') : null,
        },
      });
    }
    await db.outboxMessage.create({ data: { kind: 'email', payload: {}, status: 'failed' } });
    await db.outboxMessage.create({ data: { kind: 'cluster.place', payload: {}, status: 'failed' } });
  });

  it('shows a facilitator their facilities only, with open issues, overdue commitments and their rounds’ steps', async () => {
    const facilitator = aUser('facilitator', { facilityIds: [ids.msogwaba!, ids.kabokweni!, ids.closed!] });
    const start = as(await getStartPage(db, facilitator, now), 'facilitator');
    // The archived station is not shown; the one with an overdue promise comes first.
    expect(start.facilities.map((facility) => facility.name)).toEqual(['Kabokweni SAPS', 'Msogwaba SAPS']);
    expect(start).toMatchObject({ facilityCount: 2, overdueCommitments: 1 });
    const [kabokweni, msogwaba] = start.facilities;
    expect(kabokweni).toMatchObject({ openIssues: 2, overdueCommitments: 1 });
    expect(msogwaba).toMatchObject({ openIssues: 1, overdueCommitments: 0, rounds: [] });
    expect(kabokweni!.rounds.map((round) => [round.startedOn, round.currentStep])).toEqual([
      ['2017-02-03', 'gather_feedback'],
      ['2016-02-03', 'dialogue_and_charter'],
      ['2015-02-03', 'monitor_and_escalate'],
    ]);
  });

  it('never shows a facilitator another facilitator’s facility', async () => {
    const elsewhere = aUser('facilitator', { facilityIds: [ids.clinic!] });
    const start = as(await getStartPage(db, elsewhere, now), 'facilitator');
    expect(start.facilities.map((facility) => facility.name)).toEqual(['Kanyamazane clinic']);
    expect(start.facilities[0]).toMatchObject({ openIssues: 4, overdueCommitments: 1 });
    const unassigned = as(await getStartPage(db, aUser('facilitator', { facilityIds: [] }), now), 'facilitator');
    expect(unassigned).toEqual({ role: 'facilitator', facilities: [], facilityCount: 0, overdueCommitments: 0 });
  });

  it('shows an analyst the proposed clusters and the personal-data queue', async () => {
    const start = as(await getStartPage(db, aUser('analyst'), now), 'analyst');
    expect(start.proposedClusters).toEqual({
      total: 1,
      items: [expect.objectContaining({ id: ids.candidate, name: 'Police vans off the road', facilityCount: 4 })],
    });
    // The archived flagged issue is out of the queue; the analyst sees the title, to review it.
    expect(start.personalDataQueue).toEqual({
      total: 1,
      items: [
        {
          id: ids.flagged,
          title: 'Sister at the front desk turns people away',
          raisedOn: '2026-03-10',
          facilityName: 'Kanyamazane clinic',
        },
      ],
    });
    expect(start.overdueCommitments).toBe(2);
  });

  it('lists an analyst’s imports and clustering runs of the last seven days, the failed ones first', async () => {
    const start = as(await getStartPage(db, aUser('analyst'), now), 'analyst');
    expect(start.recentImports.items.map((run) => run.fileName)).toEqual([
      'refused.csv',
      'running.csv',
      'imported.csv',
    ]);
    expect(start.recentImports).toMatchObject({ total: 3, failed: 1 });
    expect(start.recentClusterRuns.items.map((run) => run.id)).toEqual([ids.failedRun, ids.recentRun]);
    expect(start.recentClusterRuns).toMatchObject({ total: 2, failed: 1 });
    // A week later nothing is recent any more.
    const later = as(await getStartPage(db, aUser('analyst'), new Date(now.getTime() + 8 * 86_400_000)), 'analyst');
    expect(later.recentImports).toEqual({ items: [], total: 0, failed: 0 });
    expect(later.recentClusterRuns).toEqual({ items: [], total: 0, failed: 0 });
  });

  it('gives an administrator the analyst’s panels and the mails that failed', async () => {
    const start = as(await getStartPage(db, aUser('admin'), now), 'admin');
    expect(start).toMatchObject({ failedMails: 1, proposedClusters: { total: 1 }, personalDataQueue: { total: 1 } });
    expect(start.recentImports.items[0]?.fileName).toBe('refused.csv');
  });

  it('shows an official their own department’s figures only', async () => {
    const police = as(await getStartPage(db, aUser('official', { departmentId: ids.police! }), now), 'official');
    expect(police).toMatchObject({
      department: { name: 'South African Police Service' },
      facilities: 2,
      overdueCommitments: 1,
      inbox: { awaitingUs: 1, overdue: 0, waitingForDpme: 0 },
    });
    expect(police.issuesByStatus.filter((row) => row.count > 0)).toEqual([
      { status: 'open', count: 3 },
      { status: 'closed', count: 1 },
    ]);
    const health = as(await getStartPage(db, aUser('official', { departmentId: ids.health! }), now), 'official');
    expect(health).toMatchObject({
      facilities: 1,
      overdueCommitments: 1,
      inbox: { awaitingUs: 1, overdue: 1, waitingForDpme: 0 },
    });
    expect(health.issuesByStatus.find((row) => row.status === 'open')?.count).toBe(4);
    const lost = as(await getStartPage(db, aUser('official', { departmentId: 'no-such-department' }), now), 'official');
    expect(lost).toMatchObject({
      department: null,
      facilities: 0,
      inbox: { awaitingUs: 0, overdue: 0, waitingForDpme: 0 },
    });
  });

  it('gives partners, the public and anyone still setting up two-factor sign-in no staff panel', async () => {
    expect(await getStartPage(db, aUser('partner'), now)).toEqual({ role: 'guest' });
    expect(await getStartPage(db, PUBLIC_ACTOR, now)).toEqual({ role: 'guest' });
    expect(await getStartPage(db, aUser('analyst', { mustEnrollTwoFactor: true }), now)).toEqual({ role: 'guest' });
  });

  it('answers through the overview router for whoever asks', async () => {
    await expect(createCaller(createContext(db)).overview.start()).resolves.toEqual({ role: 'guest' });
    const analyst = createCaller(createContext(db, aUser('analyst')));
    await expect(analyst.overview.start()).resolves.toMatchObject({ role: 'analyst' });
  });
});
