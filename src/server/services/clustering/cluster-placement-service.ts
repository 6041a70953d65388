import type { Db, Tx } from '../../../db/client.ts';
import { DEFAULT_CLUSTERING } from '../../../domain/clustering/cluster-records.ts';
import type { ClusterRecord } from '../../../domain/clustering/features.ts';
import {
  joinCluster,
  placementIndexSteps,
  placeRecord,
  type PlacementIndex,
} from '../../../domain/clustering/placement.ts';
import type { Steps } from '../../../domain/clustering/steps.ts';
import { refreshClusterFigures, refreshThemeFigures } from './cluster-figures.ts';
import {
  loadClusteringTaxonomy,
  loadIssuesById,
  loadIssuesForClustering,
  type ClusteringTaxonomy,
} from './cluster-records.ts';
import { clusteringVersion } from './clustering-version.ts';
import { embeddingsOf, type EmbedTexts } from './issue-embedding-service.ts';

/**
 * The worker's placement index: built from the database, and rebuilt when the clustering version the
 * database keeps has moved on (a run or an analyst's decision, in any process). Placements made here are
 * counted in it at once; placements made by other workers are seen once it is rebuilt. Web processes
 * build none: what they offer (the duplicate hint, the clusters near a cluster) comes from the database.
 */
interface PlacementCache {
  version: number;
  index: PlacementIndex;
  taxonomy: ClusteringTaxonomy;
  issueIds: string[];
  /** Cluster number in the index -> cluster id, or null for a number that stands for one issue alone. */
  clusterIds: (string | null)[];
  /** Theme number in the index -> theme id, or null for an issue no run has given a theme yet. */
  themeIds: (string | null)[];
}

/**
 * Per database client (a process normally has one; tests open several), and per kind of similarity (with
 * the blend when semantic similarity is on, or words, tags and root causes alone).
 */
const caches = new WeakMap<Db, Map<boolean, { version: number; cache: Promise<PlacementCache> }>>();

async function buildCache(db: Db, version: number, embed: EmbedTexts | undefined): Promise<PlacementCache> {
  const taxonomy = await loadClusteringTaxonomy(db);
  const issues = await withEmbeddings(db, await loadIssuesForClustering(db, taxonomy), embed);
  const numberOf = new Map<string, number>();
  const clusterIds: (string | null)[] = [];
  const clusterOf = issues.map((issue) => {
    if (issue.clusterId === null) return clusterIds.push(null) - 1;
    let number = numberOf.get(issue.clusterId);
    if (number === undefined) numberOf.set(issue.clusterId, (number = clusterIds.push(issue.clusterId) - 1));
    return number;
  });
  const themeNumberOf = new Map<string, number>();
  const themeIds: (string | null)[] = [];
  const themeOf = issues.map((issue) => {
    if (issue.themeId === null) return themeIds.push(null) - 1;
    let number = themeNumberOf.get(issue.themeId);
    if (number === undefined) themeNumberOf.set(issue.themeId, (number = themeIds.push(issue.themeId) - 1));
    return number;
  });
  // In steps, a turn of the event loop after each: in one go it took 7 s over 100,000 issues, during which
  // the worker's heartbeats and leases would wait.
  const index = await inTurns(
    placementIndexSteps(
      issues.map((issue) => issue.record),
      clusterOf,
      taxonomy.ancestorsOf,
      DEFAULT_CLUSTERING,
      themeOf,
    ),
  );
  return { version, index, taxonomy, issueIds: issues.map((issue) => issue.id), clusterIds, themeIds };
}

/** Runs the steps, letting timers and other requests run between them. */
async function inTurns<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function placementCache(db: Db, embed?: EmbedTexts): Promise<PlacementCache> {
  const version = await clusteringVersion(db);
  const kinds = caches.get(db) ?? new Map();
  caches.set(db, kinds);
  const isSemantic = embed !== undefined;
  const held = kinds.get(isSemantic);
  if (held && held.version === version) return held.cache;
  const cache = buildCache(db, version, embed);
  kinds.set(isSemantic, { version, cache });
  // A build that failed is tried again on the next placement.
  cache.catch(() => kinds.delete(isSemantic));
  return cache;
}

/** The issues with their sentence embeddings (stored, or made now) when semantic similarity is on. */
async function withEmbeddings<T extends { id: string; record: ClusterRecord }>(
  db: Db,
  issues: T[],
  embed: EmbedTexts | undefined,
): Promise<T[]> {
  if (!embed) return issues;
  const vectors = await embeddingsOf(
    db,
    embed,
    issues.map((issue) => ({ id: issue.id, ...issue.record })),
  );
  return issues.map((issue, index) => ({ ...issue, record: { ...issue.record, embedding: vectors[index]! } }));
}

/**
 * Places new or edited issues, after the commit that saved them (the outbox's `cluster.place`), each
 * embedded first when semantic similarity is on (`embed`): each joins
 * the best matching cluster, makes a new cluster with an issue that stood alone, or stands alone itself.
 * Issues an analyst pinned stay where they are.
 */
export async function placeIssues(
  db: Db,
  localIssueIds: readonly string[],
  { now = new Date(), embed }: { now?: Date; embed?: EmbedTexts } = {},
): Promise<number> {
  const placementData = await placementCache(db, embed);
  const issues = await withEmbeddings(db, await loadIssuesById(db, localIssueIds, placementData.taxonomy), embed);
  const indexOfIssue = new Map(placementData.issueIds.map((id, index) => [id, index]));
  let placed = 0;
  for (const issue of issues) {
    if (issue.isPinned) continue;
    const placement = placeRecord(placementData.index, issue.record, 5, indexOfIssue.get(issue.id));
    const themeId = placement.theme === null ? null : (placementData.themeIds[placement.theme] ?? null);
    if (placement.cluster === null) {
      // Alone, in the theme most of its nearest issues are in.
      if (themeId !== null && themeId !== issue.themeId)
        await db.$transaction((tx) => moveLoner(tx, issue, themeId, now));
      continue;
    }
    let clusterId = placementData.clusterIds[placement.cluster] ?? null;
    const changed = await db.$transaction(async (tx) => {
      if (clusterId === null) {
        // Beside an issue that stood alone: the two make a new cluster, in that issue's theme.
        const partnerIndex = placementData.index.clusterOf.indexOf(placement.cluster!);
        // The record alone there is the issue itself: nothing to pair with.
        const partnerId = placementData.issueIds[partnerIndex];
        if (!partnerId || partnerId === issue.id) return false;
        const cluster = await tx.cluster.create({ data: { label: issue.record.title.slice(0, 120), themeId } });
        clusterId = cluster.id;
        await tx.localIssue.updateMany({
          where: { id: partnerId, clusterId: null },
          data: { clusterId, clusterSimilarity: placement.similarity },
        });
      }
      const before = await tx.localIssue.findUnique({ where: { id: issue.id }, select: { clusterId: true } });
      await tx.localIssue.update({
        where: { id: issue.id },
        data: { clusterId, clusterSimilarity: placement.similarity },
      });
      // Its figures, and the issue's (and its partner's) theme: the cluster's (refreshClusterFigures).
      await refreshClusterFigures(tx, clusterId, now);
      if (before?.clusterId && before.clusterId !== clusterId) await refreshClusterFigures(tx, before.clusterId, now);
      return true;
    });
    if (!changed || clusterId === null) continue;
    placementData.clusterIds[placement.cluster] = clusterId;
    if (!indexOfIssue.has(issue.id)) joinCluster(placementData.index, issue.record, placement.cluster);
    placed += 1;
  }
  return placed;
}

/** An issue that stands alone takes the theme placement gave it; both themes get their figures again. */
async function moveLoner(tx: Tx, issue: { id: string; themeId: string | null }, themeId: string, now: Date) {
  const { count } = await tx.localIssue.updateMany({
    where: { id: issue.id, clusterId: null, clusterPinned: false },
    data: { themeId },
  });
  if (count === 0) return;
  await refreshThemeFigures(tx, themeId, now);
  if (issue.themeId) await refreshThemeFigures(tx, issue.themeId, now);
}
