import type { Db, Tx } from '../../../db/client.ts';
import { DEFAULT_CLUSTERING } from '../../../domain/clustering/cluster-records.ts';
import type { ClusterRecord } from '../../../domain/clustering/features.ts';
import {
  clustersNear,
  joinCluster,
  placementIndexSteps,
  placeRecord,
  similarAmong,
  type PlacementIndex,
  type SimilarRecord,
} from '../../../domain/clustering/placement.ts';
import type { Steps } from '../../../domain/clustering/steps.ts';
import { refreshClusterFigures, refreshThemeFigures } from './cluster-figures.ts';
import {
  loadClusteringTaxonomy,
  loadIssuesById,
  loadIssuesForClustering,
  loadIssuesSavedSince,
  type ClusteringTaxonomy,
} from './cluster-records.ts';
import { clusteringVersion } from './clustering-version.ts';
import { embeddingsOf, type EmbedTexts } from './issue-embedding-service.ts';

/**
 * This process's placement index: built from the database, and rebuilt when the clustering version the
 * database keeps has moved on (a run or an analyst's decision, in any process). Placements made here are
 * counted in it at once; placements made by other processes are seen once it is rebuilt.
 */
interface PlacementCache {
  version: number;
  /** When the issues were read: issues saved since are not in the index. */
  readAt: Date;
  index: PlacementIndex;
  taxonomy: ClusteringTaxonomy;
  issueIds: string[];
  /** Cluster number in the index -> cluster id, or null for a number that stands for one issue alone. */
  clusterIds: (string | null)[];
  /** Theme number in the index -> theme id, or null for an issue no run has given a theme yet. */
  themeIds: (string | null)[];
}

/**
 * Per database client (a process normally has one; tests open several), and per kind of similarity: the
 * worker places by the blend when semantic similarity is on, while the web server's duplicate hint, which
 * must answer as one types, compares words, tags and root causes alone.
 */
const caches = new WeakMap<Db, Map<boolean, { version: number; cache: Promise<PlacementCache>; isBuilt: boolean }>>();

async function buildCache(db: Db, version: number, embed: EmbedTexts | undefined): Promise<PlacementCache> {
  const readAt = new Date();
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
  // In steps, a turn of the event loop after each: the web server builds this for the duplicate hint, and
  // in one go it took 7 s over 100,000 issues during which no other request was answered.
  const index = await inTurns(
    placementIndexSteps(
      issues.map((issue) => issue.record),
      clusterOf,
      taxonomy.ancestorsOf,
      DEFAULT_CLUSTERING,
      themeOf,
    ),
  );
  return { version, readAt, index, taxonomy, issueIds: issues.map((issue) => issue.id), clusterIds, themeIds };
}

/** Runs the steps, letting timers and other requests run between them. */
async function inTurns<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The last lexical index built per client, for suggestions that may lag behind the latest decision. */
const lastBuilt = new WeakMap<Db, PlacementCache>();

async function placementCache(db: Db, embed?: EmbedTexts): Promise<PlacementCache> {
  const version = await clusteringVersion(db);
  const kinds = caches.get(db) ?? new Map();
  caches.set(db, kinds);
  const isSemantic = embed !== undefined;
  const held = kinds.get(isSemantic);
  if (held && held.version === version) return held.cache;
  const cache = buildCache(db, version, embed);
  const entry = { version, cache, isBuilt: false };
  kinds.set(isSemantic, entry);
  cache.then(
    (built) => {
      entry.isBuilt = true;
      if (!isSemantic) lastBuilt.set(db, built);
    },
    () => kinds.delete(isSemantic),
  );
  return cache;
}

/** Has the lexical index built again on the next request, unless a build is already under way. */
function rebuildSoon(db: Db): void {
  const kinds = caches.get(db);
  if (kinds?.get(false)?.isBuilt) kinds.delete(false);
}

/**
 * The index as last built, even when a decision has moved the version on since, while the current one
 * is built in the background: for the duplicate hint and the merge suggestions on the pages an analyst
 * or facilitator lands on after each decision, which would otherwise wait for a rebuild (seconds over
 * 100,000 issues). Waits only for the first build.
 */
async function recentPlacementCache(db: Db): Promise<PlacementCache> {
  const current = placementCache(db);
  const last = lastBuilt.get(db);
  if (!last) return current;
  // A rebuild that fails here is tried again on the next request.
  current.catch(() => undefined);
  return last;
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

export interface SimilarIssue {
  localIssueId: string;
  similarity: number;
  sharedTerms: string[];
}

/**
 * Issues saved since the index was built that the hint compares one by one, the latest first. The index
 * is rebuilt after each run and decision, and once this many were saved since; in between, placements
 * in the worker do not reach this process's index, and an issue recorded an hour ago at the same
 * facility is the likeliest duplicate. Each hint (as one types) reads them all again: 2,000 took 0.25-0.3 s
 * a keystroke over 100,000 issues on SQLite, while a rebuild runs in steps between requests.
 */
export const RECENT_ISSUES_COMPARED = 500;
/** Saved a moment before the index read the issues may still be missing from it. */
const READ_MARGIN_MS = 60_000;

/** A local issue being recorded: its text and the tags typed so far (slugs, former slugs or synonyms). */
export interface DraftIssue {
  title: string;
  description: string;
  tags: readonly string[];
}

/** The existing issues most similar to a draft, with the words they share: the duplicate hint at capture. */
export async function findSimilarIssues(db: Db, draft: DraftIssue, count = 8): Promise<SimilarIssue[]> {
  const { index, issueIds, taxonomy, readAt } = await recentPlacementCache(db);
  // The tags are read with the taxonomy the index was built with, whose tags are the ones it can match.
  const record: ClusterRecord = {
    key: 'draft',
    title: draft.title,
    description: draft.description,
    rootCauseStatements: [],
    tags: draft.tags.map(taxonomy.resolveTag),
    rootCauseCategories: [],
    rootCauseLevels: [],
  };
  const since = new Date(readAt.getTime() - READ_MARGIN_MS);
  const recent = await loadIssuesSavedSince(db, since, taxonomy, RECENT_ISSUES_COMPARED);
  // So many saved since that older ones fall out of the comparison: time the index took them in.
  if (recent.length >= RECENT_ISSUES_COMPARED) rebuildSoon(db);
  // An issue edited since the index was built is judged by its text as it is now.
  const isRecent = new Set(recent.map((issue) => issue.id));
  const inIndex = placeRecord(index, record, count + isRecent.size)
    .similar.map((similar: SimilarRecord) => ({
      localIssueId: issueIds[similar.record]!,
      similarity: similar.similarity,
      sharedTerms: similar.sharedTerms,
      sharesTellingWord: similar.sharesTellingWord,
    }))
    .filter((similar) => !isRecent.has(similar.localIssueId));
  const saidSince = similarAmong(
    index,
    record,
    recent.map((issue) => issue.record),
    count,
  ).map((similar) => ({
    localIssueId: recent[similar.record]!.id,
    similarity: similar.similarity,
    sharedTerms: similar.sharedTerms,
    sharesTellingWord: similar.sharesTellingWord,
  }));
  // Words most issues use ("sent", "home") alone make no duplicate.
  return [...inIndex, ...saidSince]
    .filter((similar) => similar.sharesTellingWord)
    .sort((a, b) => b.similarity - a.similarity || (a.localIssueId < b.localIssueId ? -1 : 1))
    .slice(0, count);
}

/** The clusters most like a cluster, best first, with the members' average similarity to each. */
export async function findClustersNear(
  db: Db,
  clusterId: string,
  count = 10,
): Promise<{ clusterId: string; similarity: number }[]> {
  const { index, clusterIds } = await recentPlacementCache(db);
  const number = clusterIds.indexOf(clusterId);
  if (number < 0) return [];
  // Some of the nearest stand for an issue alone, which is no cluster to offer: look further.
  const found = clustersNear(index, number, count * 3).flatMap((near) => {
    const nearId = clusterIds[near.cluster];
    return nearId ? [{ clusterId: nearId, similarity: near.similarity }] : [];
  });
  return found.slice(0, count);
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
