import type { Tx } from '../../../db/client.ts';
import type { Dialect } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { vocabularyWithout, type StoredVocabulary } from '../../../domain/clustering/features.ts';
import {
  copySearchPatterns,
  redactCopy,
  redactJsonCopy,
  type JsonValue,
  type RedactionPlan,
} from '../../../domain/privacy/redaction.ts';

export interface StoredCopyColumn {
  table: string;
  column: string;
  isJson: boolean;
}

/**
 * Every column, apart from the issue's own, where the product keeps a copy of a local issue's text.
 * tests/integration/services/privacy/redaction-service.test.ts fails when a text or JSON column is added to the
 * schema without being listed here or among the columns that hold no such copy.
 */
export const STORED_COPY_COLUMNS: readonly StoredCopyColumn[] = [
  // History: an edit's from/to, a new issue's title, a cluster renamed from its label. (Case events refer to
  // issues and never copy their text: their table is append-only, and not even a redaction rewrites it.)
  { table: 'AuditEvent', column: 'changes', isJson: true },
  // Refused rows' values, the rows an import updated as they were (what a rollback restores), and the
  // titles of issues that kept a rollback from running.
  { table: 'ImportRun', column: 'report', isJson: true },
  { table: 'ImportRun', column: 'previousContent', isJson: true },
  { table: 'ImportRun', column: 'rollbackRefusal', isJson: true },
  // A cluster's label is its central issue's title, cut at 120 characters; analysts' names often copy it.
  { table: 'Cluster', column: 'label', isJson: false },
  { table: 'Cluster', column: 'customLabel', isJson: false },
  { table: 'Cluster', column: 'explanation', isJson: true },
  { table: 'ClusterDecision', column: 'payload', isJson: true },
  { table: 'ClusterDecision', column: 'note', isJson: false },
  { table: 'ClusterRun', column: 'message', isJson: false },
  // Single words as well (forgetVocabularyWords).
  { table: 'ClusteringVocabulary', column: 'features', isJson: true },
  // A theme without a shared tag or weighty words is named after its central issue's title, as a cluster is.
  { table: 'Theme', column: 'label', isJson: false },
  { table: 'Theme', column: 'customLabel', isJson: false },
  { table: 'Theme', column: 'explanation', isJson: true },
  { table: 'ThemeDecision', column: 'payload', isJson: true },
  // Work not done yet (mails among it) and why it failed.
  { table: 'OutboxMessage', column: 'payload', isJson: true },
  { table: 'OutboxMessage', column: 'lastError', isJson: false },
];

/** Parsed, or a refusal that names the row and never its content. */
function parseStoredJson(value: string, copy: StoredCopyColumn, id: string): JsonValue {
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    throw new Error(`${copy.table}.${copy.column} of row ${id} does not hold valid JSON; nothing was redacted.`);
  }
}

/**
 * Takes what a redaction removed out of every stored copy of the issue's text, in the caller's transaction
 * (the one that redacts the issue), and returns how many stored values it rewrote. Rows are found with a
 * LIKE over each column (a full scan, but redaction is rare) and rewritten string by string, so that JSON
 * stays JSON. Also drops the issue's sentence embedding, made from the old text, and queues the issue's
 * placement, which embeds the redacted text again when semantic clustering is on. Nothing removed is
 * logged or put in an error.
 */
export async function redactStoredCopies(
  tx: Tx,
  dialect: Dialect,
  plan: RedactionPlan,
  issue: { id: string; clusterId: string | null; themeId: string | null },
): Promise<number> {
  if (plan.pieces.length === 0) return 0;
  const rewritten = new Set<string>();
  const patterns = copySearchPatterns(plan);
  for (const copy of STORED_COPY_COLUMNS) {
    const rows = await dialect.rowsMatching(tx, copy.table, copy.column, patterns);
    const changed = rows.flatMap(({ id, value }) => {
      if (!copy.isJson) {
        const redacted = redactCopy(value, plan);
        return redacted === value ? [] : [[id, redacted]];
      }
      const stored = parseStoredJson(value, copy, id);
      const before = JSON.stringify(stored);
      const after = JSON.stringify(redactJsonCopy(stored, plan));
      return after === before ? [] : [[id, after]];
    });
    if (changed.length === 0) continue;
    const column = { name: copy.column, pgType: copy.isJson ? 'jsonb' : undefined };
    await dialect.updateRows(tx, copy.table, [column], changed);
    for (const [id] of changed) rewritten.add(`${copy.table}.${copy.column}:${id}`);
  }
  if (issue.clusterId && (await forgetSharedTerms(tx, 'cluster', issue.clusterId, plan))) {
    rewritten.add(`Cluster.explanation:${issue.clusterId}`);
  }
  if (issue.themeId && (await forgetSharedTerms(tx, 'theme', issue.themeId, plan))) {
    rewritten.add(`Theme.explanation:${issue.themeId}`);
  }
  for (const id of await forgetVocabularyWords(tx, plan)) rewritten.add(`ClusteringVocabulary.features:${id}`);
  await tx.issueEmbedding.deleteMany({ where: { localIssueId: issue.id } });
  await tx.outboxMessage.create({ data: { kind: 'cluster.place', payload: { localIssueIds: [issue.id] } } });
  return rewritten.size;
}

/**
 * The clustering run's vocabulary (the duplicate hint weighs drafts by it) keeps single words and their
 * stems, which the pattern search cannot find: every word of a removed piece goes. Returns the rows rewritten.
 */
async function forgetVocabularyWords(tx: Tx, plan: RedactionPlan): Promise<string[]> {
  const texts = [...plan.pieces.map((piece) => piece.text), ...plan.nameWords];
  const rewritten: string[] = [];
  for (const row of await tx.clusteringVocabulary.findMany({ select: { id: true, features: true } })) {
    const stored = row.features as StoredVocabulary;
    const kept = vocabularyWithout(stored, texts);
    if (kept.names.length === stored.names.length && kept.boilerplate.length === stored.boilerplate.length) continue;
    await tx.clusteringVocabulary.update({ where: { id: row.id }, data: { features: kept } });
    rewritten.push(row.id);
  }
  return rewritten;
}

/**
 * The words the members of the issue's cluster (or theme) share are kept one by one ("dlamini"), where no piece
 * matches: a word of a removed name goes too.
 */
async function forgetSharedTerms(
  tx: Tx,
  level: 'cluster' | 'theme',
  id: string,
  plan: RedactionPlan,
): Promise<boolean> {
  const group =
    level === 'cluster'
      ? await tx.cluster.findUnique({ where: { id }, select: { explanation: true } })
      : await tx.theme.findUnique({ where: { id }, select: { explanation: true } });
  if (!group?.explanation) return false;
  const before = JSON.stringify(group.explanation);
  const explanation = redactJsonCopy(group.explanation as JsonValue, plan, { words: true }) as Prisma.InputJsonValue;
  if (JSON.stringify(explanation) === before) return false;
  if (level === 'cluster') await tx.cluster.update({ where: { id }, data: { explanation } });
  else await tx.theme.update({ where: { id }, data: { explanation } });
  return true;
}
