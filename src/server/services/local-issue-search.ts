import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { localIssueScope } from './scope-filters.ts';

export const LocalIssueSearchSchema = z.object({
  q: z.string().max(500),
  limit: z.int().min(1).max(100).default(25),
});

/** How many full-text matches are ranked before the actor's scope narrows them. */
const CANDIDATES = 1_000;

/**
 * Local issues matching every word, best first, within what the actor may see. Words match in other
 * forms ("vehicles" finds "vehicle"); punctuation and quotes are harmless on both databases.
 */
export async function searchLocalIssues(db: Db, actor: Actor, input: z.input<typeof LocalIssueSearchSchema>) {
  const { q, limit } = LocalIssueSearchSchema.parse(input);
  const ids = await dialectOf(db).matchLocalIssues(db, q, CANDIDATES);
  if (ids.length === 0) return [];
  const issues = await db.localIssue.findMany({
    where: { AND: [{ id: { in: ids }, archived: false }, localIssueScope(actor)] },
    select: {
      id: true,
      title: true,
      status: true,
      raisedOn: true,
      facility: { select: { name: true, code: true } },
    },
  });
  const rank = new Map(ids.map((id, index) => [id, index]));
  return issues.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)).slice(0, limit);
}
