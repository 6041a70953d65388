import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import {
  confirmCluster,
  dismissCluster,
  mergeClusters,
  moveIssue,
  renameCluster,
  splitCluster,
} from '../../../../src/server/services/clustering/cluster-decision-service.ts';
import {
  CLUSTER_MEMBERS_SHOWN,
  getCluster,
  listClusterOptions,
  listClusters,
  similarIssues,
} from '../../../../src/server/services/clustering/cluster-queries.ts';
import {
  CLUSTER_PLACE_JOB,
  queueClusterRun,
  runClustering,
} from '../../../../src/server/services/clustering/cluster-run-service.ts';
import {
  escalationRule,
  escalationRuleSetting,
  setEscalationRule,
} from '../../../../src/server/services/clustering/escalation-rule-service.ts';
import { DEFAULT_ESCALATION_RULE } from '../../../../src/domain/clustering/escalation-rule.ts';
import { clusteringVersion } from '../../../../src/server/services/clustering/clustering-version.ts';
import { runDueClusterJobs } from '../../../../src/server/services/clustering/cluster-worker.ts';
import { searchAllNeighbours } from '../../../../src/domain/clustering/cluster-records.ts';
import { createLocalIssue } from '../../../../src/server/services/capture/local-issue-service.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aFacility } from '../../../fixtures/builders.ts';
import { insertSyntheticIssues, syntheticIssues } from '../../../bench/support/synthetic-issues.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const pick = <T extends object, K extends keyof T>(value: T, keys: K[]) =>
  Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;

describeEachProvider('clusters of the local issues in the database', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  /** Every cluster's id with its members' ids, sorted: what a run must keep. */
  const snapshot = async () =>
    (
      await db.cluster.findMany({
        where: { issueCount: { gte: 2 } },
        select: { id: true, localIssues: { select: { id: true }, orderBy: { id: 'asc' } } },
        orderBy: { id: 'asc' },
      })
    ).map((cluster) => [cluster.id, cluster.localIssues.map((issue) => issue.id)] as const);
  const runAgain = async () => {
    const { clusterRunId } = await queueClusterRun(db, analyst);
    return runClustering(db, clusterRunId, { search: searchAllNeighbours });
  };
  const largest = async () => (await listClusters(db, analyst, { sort: 'issues' })).items[0]!;

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });

  it('runs over every live issue and writes clusters with their spread, explanation and version', async () => {
    const versionBefore = await clusteringVersion(db);
    const run = await runAgain();
    expect(run).toMatchObject({ status: 'succeeded', phase: 'done', issueCount: 185 });
    expect(run.clusterCount).toBeGreaterThan(3);
    const page = await listClusters(db, analyst, {});
    expect(page.items.length).toBeGreaterThan(0);
    const top = page.items[0]!;
    expect(top.facilityCount).toBeGreaterThanOrEqual(page.items.at(-1)!.facilityCount);
    expect(top.explanation?.topTerms.length).toBeGreaterThan(0);
    const cluster = await getCluster(db, analyst, top.id);
    expect(cluster.localIssues.length).toBe(top.issueCount);
    expect(cluster.byProvince.length).toBe(top.provinceCount);
    expect(await clusteringVersion(db)).toBe(versionBefore + 1);
  });

  it('sorts clusters either way and gives the escalation rule’s reasons from their spread as it stands', async () => {
    const fewestFirst = (await listClusters(db, analyst, { sort: 'people', direction: 'asc', pageSize: 100 })).items;
    const people = fewestFirst.map((cluster) => cluster.peopleAffected);
    expect(people).toEqual([...people].sort((a, b) => a - b));
    const candidates = (await listClusters(db, analyst, { candidatesOnly: true, pageSize: 100 })).items;
    expect(candidates.length).toBeGreaterThan(0);
    for (const cluster of candidates) {
      expect(cluster.escalationReasons.join('; ')).toMatch(/facilities in \d+ provinces|national-level root cause/);
    }
    const tagged = candidates.find((cluster) => (cluster.explanation?.sharedTags.length ?? 0) > 0)!;
    const shown = await getCluster(db, analyst, tagged.id);
    const names = await db.tag.findMany({ where: { slug: { in: tagged.explanation!.sharedTags } } });
    expect(shown.sharedTags).toEqual(
      tagged.explanation!.sharedTags.map((slug) => ({ slug, name: names.find((tag) => tag.slug === slug)!.name })),
    );
  });

  it('keeps every cluster’s identity when nothing changed', async () => {
    const before = await snapshot();
    const summaryBefore = await largest();
    await runAgain();
    expect(await snapshot()).toEqual(before);
    const summaryAfter = await largest();
    expect(summaryAfter).toMatchObject({
      ...pick(summaryBefore, ['id', 'label', 'explanation', 'spread', 'issueCount', 'isSystemicCandidate']),
      lastSeenOn: summaryBefore.lastSeenOn,
    });
    expect(summaryAfter.lastSeenOn).toBeInstanceOf(Date);
  });

  it('keeps what analysts decided through later runs: a confirmed grouping, a name, a dismissal', async () => {
    const [first, second] = (await listClusters(db, analyst, { sort: 'issues' })).items;
    await confirmCluster(db, analyst, { clusterId: first!.id, version: first!.version });
    await renameCluster(db, analyst, { clusterId: first!.id, version: first!.version + 1, label: 'Our name for it' });
    await dismissCluster(db, analyst, { clusterId: second!.id, version: second!.version, note: 'Two problems' });
    const confirmedMembers = (await getCluster(db, analyst, first!.id)).localIssues.map((issue) => issue.id).sort();
    await runAgain();
    const confirmed = await getCluster(db, analyst, first!.id);
    expect(confirmed).toMatchObject({ status: 'confirmed', name: 'Our name for it' });
    expect(confirmed.localIssues.map((issue) => issue.id).sort()).toEqual(expect.arrayContaining(confirmedMembers));
    expect((await getCluster(db, analyst, second!.id)).status).toBe('dismissed');
    expect((await listClusters(db, analyst, {})).items.map((cluster) => cluster.id)).not.toContain(second!.id);
  });

  it('merges, splits and moves, pinning the issues so that a run leaves them where the analyst put them', async () => {
    const clusters = (await listClusters(db, analyst, { sort: 'issues', pageSize: 10 })).items;
    const [target, source, third] = clusters.filter((cluster) => cluster.status !== 'dismissed');
    const moved = (await getCluster(db, analyst, source!.id)).localIssues.map((issue) => issue.id);
    await mergeClusters(db, analyst, {
      clusterId: source!.id,
      version: source!.version,
      intoClusterId: target!.id,
      intoVersion: target!.version,
    });
    const merged = await getCluster(db, analyst, target!.id);
    expect(merged.localIssues.map((issue) => issue.id)).toEqual(expect.arrayContaining(moved));
    expect((await getCluster(db, analyst, source!.id)).status).toBe('merged');

    const leaving = merged.localIssues.slice(0, 2).map((issue) => issue.id);
    const split = await splitCluster(db, analyst, {
      clusterId: target!.id,
      version: merged.version,
      localIssueIds: leaving,
    });
    const wanderer = (await getCluster(db, analyst, third!.id)).localIssues[0]!.id;
    await moveIssue(db, analyst, {
      clusterId: third!.id,
      version: third!.version,
      localIssueId: wanderer,
      toClusterId: split.newClusterId,
      toVersion: 0,
    });
    await runAgain();
    // The issues the analyst put there stay; issues no one placed may join them, as a placement would.
    const newCluster = await getCluster(db, analyst, split.newClusterId);
    const pinnedThere = newCluster.localIssues.filter((issue) => issue.clusterPinned).map((issue) => issue.id);
    expect(pinnedThere.sort()).toEqual([...leaving, wanderer].sort());
    const stillMerged = await getCluster(db, analyst, target!.id);
    expect(stillMerged.localIssues.map((issue) => issue.id)).toEqual(
      expect.arrayContaining(moved.filter((id) => !leaving.includes(id))),
    );
    const decisions = await db.clusterDecision.findMany({ select: { kind: true } });
    expect(new Set(decisions.map((decision) => decision.kind))).toEqual(
      new Set(['confirm', 'dismiss', 'merge', 'split', 'move_issue']),
    );
  });

  it('applies the escalation rule analysts set to the next run, audits it and refuses a stale edit', async () => {
    const candidates = () => db.cluster.count({ where: { isSystemicCandidate: true, status: { not: 'merged' } } });
    expect(await candidates()).toBeGreaterThan(0);
    const strict = {
      minFacilities: 10_000,
      minProvinces: 9,
      nationalRootCauseSuffices: false,
      nationalRootCauseMinFacilities: 1,
    };
    const { version } = await escalationRuleSetting(db);
    expect(await setEscalationRule(db, analyst, { ...strict, version })).toEqual({ ...strict, version: version + 1 });
    expect(await escalationRule(db)).toEqual(strict);
    await runAgain();
    expect(await candidates()).toBe(0);
    const audit = await db.auditEvent.findFirst({
      where: { action: 'escalation_rule.changed' },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit?.changes).toMatchObject({ version: version + 1, to: strict });

    const stale = await refusalOf(setEscalationRule(db, analyst, { ...DEFAULT_ESCALATION_RULE, version }));
    expect(stale).toMatchObject({
      code: 'stale_version',
      message: expect.stringMatching(/changed the at least this many facilities/),
    });
    await expect(
      setEscalationRule(db, analyst, { ...DEFAULT_ESCALATION_RULE, minProvinces: 10, version: version + 1 }),
    ).rejects.toThrow(/nine provinces/);
    await expect(
      setEscalationRule(db, aUser('official'), { ...DEFAULT_ESCALATION_RULE, version: version + 1 }),
    ).rejects.toMatchObject({ code: 'forbidden' });

    await setEscalationRule(db, analyst, { ...DEFAULT_ESCALATION_RULE, version: version + 1 });
    await runAgain();
    expect(await candidates()).toBeGreaterThan(0);
  });

  it('offers the clusters most like a cluster first for a merge or a move, then the largest others', async () => {
    const cluster = await largest();
    const options = await listClusterOptions(db, analyst, cluster.id);
    const ids = options.map((option) => option.id);
    expect(ids).not.toContain(cluster.id);
    expect(new Set(ids).size).toBe(ids.length);
    const near = options.filter((option) => option.likeness !== null);
    expect(near.length).toBeGreaterThan(0);
    // The clusters most like it come first, best first; the others follow by size.
    expect(options.slice(0, near.length)).toEqual(near);
    const similarities = near.map((option) => option.likeness!.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    const sizes = options.slice(near.length).map((option) => option.issueCount);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(options.every((option) => ['suggested', 'confirmed', 'escalated'].includes(option.status))).toBe(true);
  });

  it('keeps, from the latest run alone, the clusters near each cluster and the vocabulary the hint weighs by', async () => {
    const run = await runAgain();
    const vocabularies = await db.clusteringVocabulary.findMany({ select: { clusterRunId: true, features: true } });
    expect(vocabularies.map((vocabulary) => vocabulary.clusterRunId)).toEqual([run.id]);
    expect(vocabularies[0]!.features).toMatchObject({ recordCount: 185 });
    const neighbours = await db.clusterNeighbour.findMany({
      include: { cluster: { select: { issueCount: true } }, nearCluster: { select: { issueCount: true } } },
      orderBy: [{ clusterId: 'asc' }, { rank: 'asc' }],
    });
    expect(neighbours.length).toBeGreaterThan(0);
    for (const neighbour of neighbours) {
      expect(neighbour.nearClusterId).not.toBe(neighbour.clusterId);
      expect(neighbour.cluster.issueCount).toBeGreaterThan(0);
      expect(neighbour.nearCluster.issueCount).toBeGreaterThan(0);
    }
    const ranked = neighbours.filter((neighbour) => neighbour.clusterId === neighbours[0]!.clusterId);
    expect(ranked.map((neighbour) => neighbour.rank)).toEqual(ranked.map((_, index) => index + 1));
    const similarities = ranked.map((neighbour) => neighbour.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
  });

  it('gives no duplicate hint before any clustering run has weighed the words', async () => {
    const member = await db.localIssue.findFirstOrThrow({ where: { archived: false, clusterId: { not: null } } });
    const draft = { facilityId: member.facilityId, title: member.title, description: member.description };
    await db.clusteringVocabulary.deleteMany({});
    expect(await similarIssues(db, analyst, draft)).toEqual({ sameFacility: [], elsewhere: [] });
    await runAgain();
    expect((await similarIssues(db, analyst, draft)).sameFacility.length).toBeGreaterThan(0);
  });

  it('counts a cluster’s growth over the last 90 days on the day its page is shown', async () => {
    const cluster = await getCluster(db, analyst, (await largest()).id);
    const lastSeen = new Date(`${cluster.spread!.lastSeen}T12:00:00+02:00`);
    const dayAfter = await getCluster(db, analyst, cluster.id, new Date(lastSeen.getTime() + 86_400_000));
    expect(dayAfter.spread!.raisedLast90Days).toBeGreaterThan(0);
    const yearsLater = await getCluster(db, analyst, cluster.id, new Date(lastSeen.getTime() + 400 * 86_400_000));
    expect(yearsLater.spread).toMatchObject({
      raisedLast90Days: 0,
      raisedPrevious90Days: 0,
      issues: cluster.spread!.issues,
    });
  });

  it('refuses a decision taken on a stale page, saying who changed the cluster', async () => {
    const cluster = await largest();
    await renameCluster(db, analyst, { clusterId: cluster.id, version: cluster.version, label: 'First name' });
    const refusal = await refusalOf(
      renameCluster(db, analyst, { clusterId: cluster.id, version: cluster.version, label: 'Second name' }),
    );
    expect(refusal).toMatchObject({ code: 'stale_version', message: expect.stringMatching(/changed the name/) });
  });

  it('refuses decisions to anyone but analysts and administrators', async () => {
    const cluster = await largest();
    await expect(
      confirmCluster(db, aUser('facilitator'), { clusterId: cluster.id, version: cluster.version }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps an escalated cluster’s members and status, while it may gain members and a name', async () => {
    const [escalated, other] = (await listClusters(db, analyst, { sort: 'issues', pageSize: 10 })).items.filter(
      (cluster) => cluster.status !== 'dismissed',
    );
    // As the systemic case that escalates it will do.
    await db.cluster.update({ where: { id: escalated!.id }, data: { status: 'escalated' } });
    const members = (await getCluster(db, analyst, escalated!.id)).localIssues.map((issue) => issue.id);
    const at = { clusterId: escalated!.id, version: escalated!.version };
    const refusals = await Promise.all([
      refusalOf(confirmCluster(db, analyst, at)),
      refusalOf(dismissCluster(db, analyst, { ...at, note: 'not one problem' })),
      refusalOf(splitCluster(db, analyst, { ...at, localIssueIds: [members[0]!] })),
      refusalOf(
        moveIssue(db, analyst, { ...at, localIssueId: members[0]!, toClusterId: other!.id, toVersion: other!.version }),
      ),
      refusalOf(mergeClusters(db, analyst, { ...at, intoClusterId: other!.id, intoVersion: other!.version })),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ code: 'refused', message: expect.stringMatching(/evidence of a systemic case/) });
    }
    const renamed = await renameCluster(db, analyst, { ...at, label: 'Vehicles wait months at the garage' });
    const otherMembers = (await getCluster(db, analyst, other!.id)).localIssues.map((issue) => issue.id);
    await mergeClusters(db, analyst, {
      clusterId: other!.id,
      version: other!.version,
      intoClusterId: escalated!.id,
      intoVersion: renamed.version,
    });
    await runAgain();
    const after = await getCluster(db, analyst, escalated!.id);
    expect(after.status).toBe('escalated');
    expect(after.localIssues.map((issue) => issue.id)).toEqual(expect.arrayContaining([...members, ...otherMembers]));
  });

  it('places a new issue after its commit, into the cluster it belongs to', async () => {
    const cluster = await getCluster(db, analyst, (await largest()).id);
    const model = await db.localIssue.findUniqueOrThrow({
      where: { id: cluster.localIssues[0]!.id },
      include: { tags: { include: { tag: true } }, rootCauses: true },
    });
    const { id } = await createLocalIssue(db, analyst, {
      facilityId: model.facilityId,
      title: model.title,
      description: model.description,
      source: model.source,
      raisedOn: '2026-11-30',
      tags: model.tags.map((link) => link.tag.slug),
      rootCauses: model.rootCauses.map(({ level, category, statement }) => ({ level, category, statement })),
    });
    expect(await db.outboxMessage.count({ where: { kind: CLUSTER_PLACE_JOB, status: 'pending' } })).toBeGreaterThan(0);
    await runDueClusterJobs(db, { search: searchAllNeighbours });
    const placed = await db.localIssue.findUniqueOrThrow({ where: { id } });
    expect(placed.clusterId).toBe(cluster.id);
    expect(placed.clusterSimilarity).toBeGreaterThan(0);
  });

  it('hints at similar issues while one is recorded, showing a facilitator no text outside their facilities', async () => {
    const cluster = await getCluster(db, analyst, (await largest()).id);
    const member = await db.localIssue.findUniqueOrThrow({ where: { id: cluster.localIssues[0]!.id } });
    const draft = { facilityId: member.facilityId, title: member.title, description: member.description };
    const forAnalyst = await similarIssues(db, analyst, draft);
    expect(forAnalyst.sameFacility.map((similar) => similar.localIssueId)).toContain(member.id);
    expect(forAnalyst.sameFacility[0]!.sharedTerms?.length).toBeGreaterThan(0);
    const facilitator = aUser('facilitator', { facilityIds: [member.facilityId] });
    const forFacilitator = await similarIssues(db, facilitator, draft);
    expect(forFacilitator.sameFacility.map((similar) => similar.title)).toContain(member.title);
    expect(forFacilitator.elsewhere.length).toBeGreaterThan(0);
    // Of issues they may not open: the facility's name and how alike, not the words they share.
    for (const elsewhere of forFacilitator.elsewhere) {
      expect(elsewhere).toMatchObject({ title: null, localIssueId: null, sharedTerms: null });
      expect(Object.keys(elsewhere.facility)).toEqual(['name']);
    }
  });

  it('makes no hint of words most issues use: a similar issue shares at least one telling word', async () => {
    const member = await db.localIssue.findFirstOrThrow({ where: { archived: false } });
    // "People", "sent", "home" and "told" are each in more than one pilot issue in 30.
    const draft = {
      facilityId: member.facilityId,
      title: 'People sent home',
      description: 'They were told to go home.',
    };
    const found = await similarIssues(db, analyst, draft);
    expect([...found.sameFacility, ...found.elsewhere]).toEqual([]);
  });

  it("refuses a facilitator's hint for a facility that is not theirs", async () => {
    const cluster = await getCluster(db, analyst, (await largest()).id);
    const member = await db.localIssue.findUniqueOrThrow({ where: { id: cluster.localIssues[0]!.id } });
    const elsewhere = await db.facility.findFirstOrThrow({ where: { id: { not: member.facilityId } } });
    const facilitator = aUser('facilitator', { facilityIds: [elsewhere.id] });
    const draft = { facilityId: member.facilityId, title: member.title, description: member.description };
    await expect(similarIssues(db, facilitator, draft)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('hints at an issue recorded since the placement index was built, before any run or decision', async () => {
    const cluster = await getCluster(db, analyst, (await largest()).id);
    const member = await db.localIssue.findUniqueOrThrow({ where: { id: cluster.localIssues[0]!.id } });
    const draft = { facilityId: member.facilityId, title: member.title, description: member.description };
    await similarIssues(db, analyst, draft);
    const versionBefore = await clusteringVersion(db);
    const { id } = await createLocalIssue(db, analyst, {
      facilityId: member.facilityId,
      title: `${member.title}, reported again`,
      description: member.description,
      source: member.source,
      raisedOn: '2026-11-30',
      tags: [],
      rootCauses: [],
    });
    const hint = await similarIssues(db, analyst, draft);
    expect(await clusteringVersion(db)).toBe(versionBefore);
    expect(hint.sameFacility.map((similar) => similar.localIssueId)).toContain(id);
    const found = hint.sameFacility.find((similar) => similar.localIssueId === id)!;
    expect(found.sharedTerms?.length).toBeGreaterThan(0);
  });

  it('leaves the issue being edited out of its own duplicate hint', async () => {
    const cluster = await getCluster(db, analyst, (await largest()).id);
    const member = await db.localIssue.findUniqueOrThrow({ where: { id: cluster.localIssues[0]!.id } });
    const hint = await similarIssues(db, analyst, {
      facilityId: member.facilityId,
      title: member.title,
      description: member.description,
      excludeLocalIssueId: member.id,
    });
    const ids = [...hint.sameFacility, ...hint.elsewhere].map((similar) => similar.localIssueId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(member.id);
  });
});

describeEachProvider('a cluster of thousands of issues', (database) => {
  it('lists the most alike members on its page and counts every one of them', async () => {
    const { db } = database();
    const analyst = await anActorWithAccount(db, 'analyst');
    const [first, second] = [await aFacility(db), await aFacility(db)];
    const ids = await insertSyntheticIssues(db, syntheticIssues(CLUSTER_MEMBERS_SHOWN + 10));
    const cluster = await db.cluster.create({ data: { label: 'Queues everywhere', issueCount: ids.length } });
    for (let start = 0; start < ids.length; start += 400) {
      await db.localIssue.updateMany({
        where: { id: { in: ids.slice(start, start + 400) } },
        data: { clusterId: cluster.id, clusterSimilarity: 0.5 },
      });
    }
    await db.localIssue.update({ where: { id: ids.at(-1)! }, data: { clusterSimilarity: 0.9 } });
    const shown = await getCluster(db, analyst, cluster.id);
    expect(shown.localIssues).toHaveLength(CLUSTER_MEMBERS_SHOWN);
    expect(shown.localIssues[0]!.id).toBe(ids.at(-1));
    expect(shown).toMatchObject({ memberCount: CLUSTER_MEMBERS_SHOWN + 10, memberFacilityCount: 2 });
    expect(new Set(shown.localIssues.map((issue) => issue.facility.id))).toEqual(new Set([first.id, second.id]));
  });
});
