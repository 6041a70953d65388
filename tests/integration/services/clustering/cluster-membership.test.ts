import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { searchAllNeighbours } from '../../../../src/domain/clustering/cluster-records.ts';
import { splitCluster } from '../../../../src/server/services/clustering/cluster-decision-service.ts';
import { getCluster, listClusters } from '../../../../src/server/services/clustering/cluster-queries.ts';
import { queueClusterRun, runClustering } from '../../../../src/server/services/clustering/cluster-run-service.ts';
import { importLocalIssues } from '../../../../src/server/services/imports/import-service.ts';
import { rollbackImport } from '../../../../src/server/services/imports/import-runs.ts';
import { setLocalIssueArchived } from '../../../../src/server/services/capture/local-issue-service.ts';
import { aCsvRow, csvOf } from '../../../fixtures/import-csv.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/**
 * Issues that leave clusters outside a run (an import rolled back, an issue archived) leave every cluster's
 * list and page data true at once, and mark the clusters being updated until the queued run has run.
 */
describeEachProvider('clusters after issues leave them', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const runQueued = async () => {
    const queued = await db.clusterRun.findFirst({ where: { status: 'queued' } });
    expect(queued, 'a clustering run is queued').not.toBeNull();
    return runClustering(db, queued!.id, { search: searchAllNeighbours });
  };

  /** Every cluster on the list, and its page, against its live members as the database holds them now. */
  const expectClustersTrue = async () => {
    const listed = (await listClusters(db, analyst, { pageSize: 100, sort: 'issues' })).items;
    for (const cluster of listed) {
      const members = await db.localIssue.findMany({
        where: { clusterId: cluster.id, archived: false },
        select: { title: true, respondentsCiting: true, priorityVotes: true, facilityId: true },
      });
      const people = members.reduce((sum, issue) => sum + (issue.respondentsCiting ?? issue.priorityVotes ?? 0), 0);
      const where = `cluster “${cluster.name}”`;
      expect(members.length, where).toBeGreaterThanOrEqual(2);
      expect(cluster.issueCount, where).toBe(members.length);
      expect(cluster.peopleAffected, where).toBe(people);
      expect(cluster.facilityCount, where).toBe(new Set(members.map((issue) => issue.facilityId)).size);
      expect(
        members.map((issue) => issue.title.slice(0, 120)),
        `${where} is named after one of its issues`,
      ).toContain(cluster.label);
      const page = await getCluster(db, analyst, cluster.id);
      expect(page.memberCount, where).toBe(members.length);
      expect(page.spread?.issues, where).toBe(members.length);
      expect(page.spread?.peopleAffected, where).toBe(people);
    }
    return listed;
  };

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
    const { clusterRunId } = await queueClusterRun(db, analyst);
    await runClustering(db, clusterRunId, { search: searchAllNeighbours });
  });

  it('rolls an import back leaving every cluster’s members, name and figures true, being updated till a run', async () => {
    // The import repeats the largest cluster's problem at its facilities, in a new name, with many people.
    const largest = (await listClusters(db, analyst, { sort: 'issues' })).items[0]!;
    const seeded = await db.localIssue.findMany({
      where: { clusterId: largest.id },
      include: { facility: true, tags: { include: { tag: true } }, rootCauses: true },
    });
    const rows = Array.from({ length: 40 }, (_, n) => {
      const like = seeded[n % seeded.length]!;
      return aCsvRow(n + 1, {
        facility_code: like.facility.code,
        wave: '',
        title: `Imported again: ${like.title}`,
        description: like.description,
        respondents_citing: '500',
        respondents_asked: '900',
        tags: like.tags.map((link) => link.tag.slug).join('|'),
        root_causes: like.rootCauses.map((cause) => `${cause.level}:${cause.category}:${cause.statement}`).join('|'),
      });
    });
    const imported = await importLocalIssues(
      db,
      { fileName: 'again.csv', bytes: csvOf(rows), updateExisting: false, maxBytes: 1_048_576 },
      analyst,
    );
    expect(imported.created).toBe(40);
    const { clusterRunId } = await queueClusterRun(db, analyst);
    await runClustering(db, clusterRunId, { search: searchAllNeighbours });
    const grown = await db.localIssue.findMany({
      where: { importRunId: imported.importRunId, clusterId: { not: null } },
      select: { clusterId: true },
    });
    const touched = new Set(grown.map((issue) => issue.clusterId!));
    expect(touched.size, 'the imported issues joined clusters').toBeGreaterThan(0);

    await rollbackImport(db, analyst, { importRunId: imported.importRunId });

    await expectClustersTrue();
    const marked = await db.cluster.findMany({
      where: { id: { in: [...touched] } },
      select: { membersChangedAt: true },
    });
    for (const cluster of marked) expect(cluster.membersChangedAt).toBeInstanceOf(Date);
    // The run queued with the rollback gives them their words again, and ends "being updated".
    await runQueued();
    expect(await db.cluster.count({ where: { membersChangedAt: { not: null } } })).toBe(0);
    await expectClustersTrue();
  });

  it('archives an issue leaving its cluster’s figures true, and a cluster of one off the list', async () => {
    const smallest = (await listClusters(db, analyst, { sort: 'issues', direction: 'asc' })).items[0]!;
    expect(smallest.issueCount).toBe(2);
    const [first] = (await getCluster(db, analyst, smallest.id)).localIssues;
    await setLocalIssueArchived(db, analyst, { id: first!.id, version: await versionOf(first!.id), archived: true });

    const listed = await expectClustersTrue();
    expect(listed.map((cluster) => cluster.id)).not.toContain(smallest.id);
    expect(await getCluster(db, analyst, smallest.id)).toMatchObject({ issueCount: 1, memberCount: 1 });

    await setLocalIssueArchived(db, analyst, { id: first!.id, version: await versionOf(first!.id), archived: false });
    expect((await getCluster(db, analyst, smallest.id)).issueCount).toBe(2);
    await expectClustersTrue();
  });

  it('lists an issue split off to stand alone among the single issues, not nowhere', async () => {
    const group = (await listClusters(db, analyst, { sort: 'issues' })).items[0]!;
    const [leaving] = (await getCluster(db, analyst, group.id)).localIssues;
    const { newClusterId } = await splitCluster(db, analyst, {
      clusterId: group.id,
      version: group.version,
      localIssueIds: [leaving!.id],
    });
    expect((await listClusters(db, analyst, { pageSize: 100 })).items.map((cluster) => cluster.id)).not.toContain(
      newClusterId,
    );
    const single = (await listClusters(db, analyst, { size: 'single', pageSize: 100 })).items;
    expect(single.map((cluster) => cluster.id)).toContain(newClusterId);
    expect(single.every((cluster) => cluster.issueCount === 1)).toBe(true);
  });

  const versionOf = async (id: string) =>
    (await db.localIssue.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
});
