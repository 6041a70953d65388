import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { searchAllNeighbours } from '../../../../src/domain/clustering/cluster-records.ts';
import { dismissCluster } from '../../../../src/server/services/clustering/cluster-decision-service.ts';
import { getCluster, listClusters } from '../../../../src/server/services/clustering/cluster-queries.ts';
import { queueClusterRun, runClustering } from '../../../../src/server/services/clustering/cluster-run-service.ts';
import { escalationRule } from '../../../../src/server/services/clustering/escalation-rule-service.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/**
 * What the default escalation rule proposes on the pilot data (docs/CLUSTERING.md quotes these counts:
 * ESCALATION_REPORT=1 prints each cluster with why it is or is not proposed).
 */
const PILOT_CLUSTERS = 22;
const PILOT_CANDIDATES = 9;

describeEachProvider('the escalation rule on the pilot data', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const runAgain = async () => {
    const { clusterRunId } = await queueClusterRun(db, analyst);
    await runClustering(db, clusterRunId, { search: searchAllNeighbours });
  };
  const candidates = () => listClusters(db, analyst, { candidatesOnly: true, pageSize: 100 });

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
    await runAgain();
  });

  it('proposes what an analyst would escalate first, not every cluster', async () => {
    const clusters = (await listClusters(db, analyst, { pageSize: 100 })).items;
    if (process.env.ESCALATION_REPORT) {
      console.table(
        clusters.map((cluster) => ({
          cluster: cluster.name.slice(0, 60),
          issues: cluster.issueCount,
          facilities: cluster.facilityCount,
          provinces: cluster.provinceCount,
          proposed: cluster.escalationReasons.join('; ') || '-',
        })),
      );
    }
    expect(clusters.length).toBe(PILOT_CLUSTERS);
    const proposed = (await candidates()).items;
    expect(proposed.length).toBe(PILOT_CANDIDATES);
    for (const cluster of proposed) expect(cluster.escalationReasons.length).toBeGreaterThan(0);
  });

  it('suggests an owner only when at least two issues and a third of the members point to it, with the count', async () => {
    const clusters = await db.cluster.findMany({ where: { issueCount: { gte: 2 } } });
    for (const cluster of clusters) {
      const page = await getCluster(db, analyst, cluster.id);
      if (!page.suggestedDepartment) continue;
      const [count, pointing, members] = /^(\d+) of the (\d+) issues point to it$/.exec(
        page.explanation?.department[0] ?? '',
      ) ?? ['', '0', '0'];
      expect(count, page.name).not.toBe('');
      expect(Number(pointing)).toBeGreaterThanOrEqual(2);
      expect(Number(pointing) * 3).toBeGreaterThanOrEqual(Number(members));
      expect(Number(members)).toBe(page.memberCount);
    }
  });

  it('never proposes a dismissed cluster, then or after a run', async () => {
    const [first] = (await candidates()).items;
    await dismissCluster(db, analyst, { clusterId: first!.id, version: first!.version, note: 'A local matter' });
    const dismissed = async () => (await listClusters(db, analyst, { status: 'dismissed', pageSize: 100 })).items;
    expect(await dismissed()).toMatchObject([{ id: first!.id, isSystemicCandidate: false, escalationReasons: [] }]);
    expect((await candidates()).items.map((cluster) => cluster.id)).not.toContain(first!.id);
    await runAgain();
    expect(await dismissed()).toMatchObject([{ id: first!.id, isSystemicCandidate: false, escalationReasons: [] }]);
    expect((await candidates()).items.length).toBe(PILOT_CANDIDATES - 1);
  });

  it('keeps a rule saved before as saved: there, one national root cause still suffices', async () => {
    const saved = { minFacilities: 3, minProvinces: 2, nationalRootCauseSuffices: true, version: 1 };
    await db.appSetting.upsert({
      where: { key: 'escalation.rule' },
      create: { key: 'escalation.rule', value: JSON.stringify(saved) },
      update: { value: JSON.stringify(saved) },
    });
    expect(await escalationRule(db)).toEqual({
      minFacilities: 3,
      minProvinces: 2,
      nationalRootCauseSuffices: true,
      nationalRootCauseMinFacilities: 1,
    });
    await runAgain();
    // Every undismissed cluster but one spans 3 facilities in 2 provinces (the pilot data's problems are wide).
    expect((await candidates()).items.length).toBe(PILOT_CLUSTERS - 2);
  });
});
