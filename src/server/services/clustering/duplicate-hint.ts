import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import { DEFAULT_CLUSTERING } from '../../../domain/clustering/cluster-records.ts';
import {
  vocabularyFromStored,
  type ClusterRecord,
  type FeatureVocabulary,
  type StoredVocabulary,
} from '../../../domain/clustering/features.ts';
import { similarAmong, tellingWordsOf } from '../../../domain/clustering/placement.ts';
import { loadClusteringTaxonomy, loadIssuesById } from './cluster-records.ts';

/**
 * The issues a draft is compared with: the newest that hold all of its three rarest telling words, and for
 * each of its twelve rarest the newest that hold it, through the database's full-text index. Every issue
 * saved is in that index at once, so an issue recorded a minute ago at the same facility (the likeliest
 * duplicate) is found without waiting for a clustering run; a rare word's issues are all read, a common
 * one's newest: ranking every issue that holds any of the words would read thousands for a common one. Five
 * words instead of twelve left out, for some drafts, the words they share with issues elsewhere (their
 * rarest are place names).
 */
const WORDS_SEARCHED = 12;
const WORDS_TOGETHER = 3;
const ISSUES_PER_LOOK_UP = 30;

/**
 * The latest run's vocabulary per database client, read again when a later run has written its own or a
 * redaction has taken words out of it.
 */
const vocabularies = new WeakMap<Db, { id: string; updatedAt: number; vocabulary: FeatureVocabulary }>();

async function latestVocabulary(db: Db): Promise<FeatureVocabulary | null> {
  const latest = await db.clusteringVocabulary.findFirst({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, updatedAt: true },
  });
  if (!latest) return null;
  const held = vocabularies.get(db);
  if (held?.id === latest.id && held.updatedAt === latest.updatedAt.getTime()) return held.vocabulary;
  const row = await db.clusteringVocabulary.findUnique({ where: { id: latest.id } });
  // Replaced by a run that finished in between: the next hint reads that one.
  if (!row) return null;
  const vocabulary = vocabularyFromStored(row.features as StoredVocabulary);
  vocabularies.set(db, { id: row.id, updatedAt: row.updatedAt.getTime(), vocabulary });
  return vocabulary;
}

export interface SimilarIssue {
  localIssueId: string;
  similarity: number;
  sharedTerms: string[];
}

/** A local issue being recorded: its text and the tags typed so far (slugs, former slugs or synonyms). */
export interface DraftIssue {
  title: string;
  description: string;
  tags: readonly string[];
}

/**
 * The existing issues most similar to a draft, with the words they share: the duplicate hint at capture.
 * Words, tags and root causes are weighed as the latest clustering run weighed them (its vocabulary);
 * before any run there is no hint. A similar issue shares at least one telling word: words most issues
 * use ("sent", "home") alone make no duplicate.
 */
export async function findSimilarIssues(db: Db, draft: DraftIssue, count = 8): Promise<SimilarIssue[]> {
  const vocabulary = await latestVocabulary(db);
  if (!vocabulary) return [];
  const words = tellingWordsOf(vocabulary, `${draft.title} ${draft.description}`);
  if (words.length === 0) return [];
  const [taxonomy, ids] = await Promise.all([
    loadClusteringTaxonomy(db),
    dialectOf(db).latestIssuesWithWords(
      db,
      [words.slice(0, WORDS_TOGETHER).join(' '), ...words.slice(0, WORDS_SEARCHED)],
      ISSUES_PER_LOOK_UP,
    ),
  ]);
  const candidates = await loadIssuesById(db, ids, taxonomy);
  const record: ClusterRecord = {
    key: 'draft',
    title: draft.title,
    description: draft.description,
    rootCauseStatements: [],
    tags: draft.tags.map(taxonomy.resolveTag),
    rootCauseCategories: [],
    rootCauseLevels: [],
  };
  const space = { space: vocabulary, options: DEFAULT_CLUSTERING, ancestorsOf: taxonomy.ancestorsOf };
  return similarAmong(
    space,
    record,
    candidates.map((candidate) => candidate.record),
    candidates.length,
  )
    .filter((similar) => similar.sharesTellingWord)
    .slice(0, count)
    .map((similar) => ({
      localIssueId: candidates[similar.record]!.id,
      similarity: similar.similarity,
      sharedTerms: similar.sharedTerms,
    }));
}
