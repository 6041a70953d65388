import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client.ts';
import type { ClusterRecord } from '../../../domain/clustering/features.ts';
import { semanticTextOf } from '../../../domain/clustering/semantic.ts';
import { SENTENCE_DIMENSIONS } from '../../clustering/sentence-encoder.ts';

/** Names the encoder in stored vectors: vectors of another encoder are never compared with its own. */
export const ENCODER_ID = 'universal-sentence-encoder-lite';

/**
 * The sentence encoder's work: one unit vector per text, in order (`embedOnAllCores`, or one encoder's
 * `embed`). Slow, and never to be called inside a database transaction.
 */
export type EmbedTexts = (
  texts: readonly string[],
  onProgress?: (done: number, total: number) => void,
) => Promise<Float32Array[]>;

/**
 * Issues embedded, then stored, a batch at a time: a long run stopped half-way keeps what it made, and a
 * batch is large enough for the encoder to use every core.
 */
const STORE_BATCH = 1_000;
/** Under SQLite's bound on a statement's parameters. */
const READ_PAGE = 900;

export type TextToEmbed = { id: string } & Pick<ClusterRecord, 'title' | 'description'>;

const hashOf = (text: string) => createHash('sha256').update(text).digest('base64url');

const toBytes = (vector: Float32Array) => new Uint8Array(Float32Array.from(vector).buffer);
// A copy, since a Float32Array must start on a multiple of four bytes.
const toVector = (bytes: Uint8Array) => new Float32Array(Uint8Array.from(bytes).buffer);

/**
 * The embedding of each issue, in order: the stored one when it is of the issue's current text, else made
 * now and stored; `onProgress` hears how many of them have their vector. Embedding happens outside any
 * transaction (it takes tens of milliseconds a text); each batch of new vectors is then written in a short
 * transaction of its own.
 */
export async function embeddingsOf(
  db: Db,
  embed: EmbedTexts,
  issues: readonly TextToEmbed[],
  onProgress?: (done: number, total: number) => void,
): Promise<Float32Array[]> {
  const texts = issues.map((issue) => semanticTextOf(issue));
  const hashes = texts.map(hashOf);
  const stored = new Map<string, { textHash: string; vector: Uint8Array }>();
  for (let start = 0; start < issues.length; start += READ_PAGE) {
    const rows = await db.issueEmbedding.findMany({
      where: { encoder: ENCODER_ID, localIssueId: { in: issues.slice(start, start + READ_PAGE).map((i) => i.id) } },
      select: { localIssueId: true, textHash: true, vector: true },
    });
    for (const row of rows) stored.set(row.localIssueId, row);
  }
  const vectors: (Float32Array | undefined)[] = issues.map((issue, index) => {
    const row = stored.get(issue.id);
    return row && row.textHash === hashes[index] && row.vector.byteLength === SENTENCE_DIMENSIONS * 4
      ? toVector(row.vector)
      : undefined;
  });
  const missing = vectors.flatMap((vector, index) => (vector ? [] : [index]));
  for (let start = 0; start < missing.length; start += STORE_BATCH) {
    const batch = missing.slice(start, start + STORE_BATCH);
    const made = await embed(
      batch.map((index) => texts[index]!),
      (done) => onProgress?.(issues.length - missing.length + start + done, issues.length),
    );
    const ids = batch.map((index) => issues[index]!.id);
    await db.$transaction(async (tx) => {
      // An issue deleted meanwhile (an import rolled back) has no row to hang its vector on.
      const alive = new Set(
        (await tx.localIssue.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((row) => row.id),
      );
      await tx.issueEmbedding.deleteMany({ where: { localIssueId: { in: ids } } });
      await tx.issueEmbedding.createMany({
        data: batch.flatMap((index, k) =>
          alive.has(issues[index]!.id)
            ? [
                {
                  localIssueId: issues[index]!.id,
                  encoder: ENCODER_ID,
                  textHash: hashes[index]!,
                  vector: toBytes(made[k]!),
                },
              ]
            : [],
        ),
      });
    });
    batch.forEach((index, k) => (vectors[index] = made[k]!));
  }
  return vectors as Float32Array[];
}
