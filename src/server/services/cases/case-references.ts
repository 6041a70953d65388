import type { Tx } from '../../../db/client.ts';

/** SC-2026-0042: the year the case was opened and its number in that year. */
export function formatCaseReference(year: number, number: number): string {
  return `SC-${year}-${String(number).padStart(4, '0')}`;
}

/**
 * The next reference of `year`, taken inside the transaction that creates the case: the counter row's
 * upsert is one atomic statement (INSERT … ON CONFLICT DO UPDATE) that locks the row on PostgreSQL until
 * the transaction ends, and SQLite has one writer, so concurrent escalations queue and never clash, and a
 * transaction that fails gives its number back.
 */
export async function allocateCaseReference(tx: Tx, year: number): Promise<string> {
  const counter = await tx.caseReferenceCounter.upsert({
    where: { year },
    create: { year, last: 1 },
    update: { last: { increment: 1 } },
  });
  return formatCaseReference(year, counter.last);
}
