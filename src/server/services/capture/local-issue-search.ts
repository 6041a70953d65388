import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import { scopeOf, type Actor } from '../../../domain/accounts/actor.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { localIssueScope } from './scope-filters.ts';

export const LocalIssueSearchSchema = z.object({
  q: textField().max(500),
  limit: z.int().min(1).max(100).default(25),
});

/** Most matches to rank before giving up on filling a page the actor's scope narrows. */
const MAX_CANDIDATES = 6_400;

/**
 * Local issues matching every word, best first, within what the actor may see. Words match in other
 * forms ("vehicles" finds "vehicle"); punctuation and quotes are harmless on both databases.
 */
export async function searchLocalIssues(db: Db, actor: Actor, input: z.input<typeof LocalIssueSearchSchema>) {
  const { q, limit } = LocalIssueSearchSchema.parse(input);
  const scope = scopeOf(actor);
  // A facilitator's facilities narrow the match in the database itself: growing the window instead ranked
  // every match up to four times (0.2-0.3 s for a word a third of 100,000 issues hold, on SQLite).
  const within = scope.kind === 'facilities' ? { facilityIds: scope.facilityIds } : undefined;
  // A few times the page is enough when the actor sees everything; an official, who sees the issues of
  // their department's cases, may need more of the ranking, so the window grows until the page is full.
  for (let candidates = within ? limit : limit * 4; ; candidates *= 4) {
    const ids = await dialectOf(db).matchLocalIssues(db, q, candidates, within);
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
    if (issues.length >= limit || ids.length < candidates || candidates >= MAX_CANDIDATES || within) {
      const rank = new Map(ids.map((id, index) => [id, index]));
      return issues.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)).slice(0, limit);
    }
  }
}
