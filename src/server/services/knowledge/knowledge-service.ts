import type { Db } from '../../../db/client.ts';
import type { Actor } from '../../../domain/accounts/actor.ts';
import { publicWordsOf } from '../../../domain/privacy/public-text.ts';
import { normaliseTerm } from '../../../domain/taxonomy/words.ts';
import { searchKnowledge } from '../../../lib/knowledge/search.ts';
import { knowledgeIndexForSearch } from '../../knowledge/knowledge-index.ts';
import { PUBLIC_CASES } from '../cases/public-case-queries.ts';
import { reviewsFor } from '../privacy/public-text-review-service.ts';
import { loadTagTerms, withDescendants } from '../taxonomy/tag-terms.ts';

/** Partner pages are for signed-in partners and staff; everyone else reads public pages only. */
const mayReadPartnerPages = (actor: Actor) => actor.kind === 'user';

export function searchKnowledgeBase(actor: Actor, { q, limit }: { q: string; limit: number }) {
  return searchKnowledge(knowledgeIndexForSearch(), q, { mayReadPartnerPages: mayReadPartnerPages(actor), limit });
}

/**
 * The ids of these tags and all tags below them: a page about "vehicles" concerns cases about
 * "maintenance-turnaround". A page may still name a former slug, or the slug of a merged tag: it
 * counts for the tag that slug leads to now.
 */
async function withDescendantIds(db: Db, slugs: readonly string[]): Promise<string[]> {
  const terms = await loadTagTerms(db);
  const found = new Set<string>();
  for (const slug of slugs) {
    const tagId = terms.tagIdByTerm.get(normaliseTerm(slug));
    if (tagId) for (const id of withDescendants(terms.tags, tagId)) found.add(id);
  }
  return [...found];
}

/** Public systemic cases whose local issues carry one of these tags (or a tag below them). */
export async function publicCasesForTags(db: Db, slugs: readonly string[], limit = 10) {
  if (slugs.length === 0) return [];
  const tagIds = await withDescendantIds(db, slugs);
  const cases = await db.systemicCase.findMany({
    where: {
      ...PUBLIC_CASES,
      localIssues: { some: { localIssue: { tags: { some: { tagId: { in: tagIds } } } } } },
    },
    select: {
      reference: true,
      title: true,
      status: true,
      escalatedAt: true,
      owningDepartment: { select: { name: true } },
    },
    orderBy: { escalatedAt: 'desc' },
    take: limit,
  });
  // Titles pass the personal-data gate, as on every public page (src/domain/privacy/public-text.ts).
  const reviews = await reviewsFor(
    db,
    cases.map((found) => found.title),
  );
  return cases.map(({ owningDepartment, title, ...rest }) => ({
    ...rest,
    title: publicWordsOf(title, reviews),
    departmentName: owningDepartment.name,
  }));
}

/** Knowledge pages that share a tag with these, for cluster and case pages ("guidance on this"). */
export function guidanceForTags(actor: Actor, slugs: readonly string[], limit = 5) {
  const wanted = new Set(slugs);
  return [...knowledgeIndexForSearch().pages.values()]
    .filter((page) => page.visibility === 'public' || mayReadPartnerPages(actor))
    .map((page) => ({ page, shared: page.tags.filter((tag) => wanted.has(tag)).length }))
    .filter(({ shared }) => shared > 0)
    .sort((a, b) => b.shared - a.shared || a.page.title.localeCompare(b.page.title))
    .slice(0, limit)
    .map(({ page }) => ({ id: page.id, url: page.url, title: page.title, summary: page.summary, kind: page.kind }));
}
