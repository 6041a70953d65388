import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { searchKnowledge } from '../../lib/knowledge/search.ts';
import { knowledgeIndexForSearch } from '../knowledge/knowledge-index.ts';

/** Partner pages are for signed-in partners and staff; everyone else reads public pages only. */
const mayReadPartnerPages = (actor: Actor) => actor.kind === 'user';

export function searchKnowledgeBase(actor: Actor, { q, limit }: { q: string; limit: number }) {
  return searchKnowledge(knowledgeIndexForSearch(), q, { mayReadPartnerPages: mayReadPartnerPages(actor), limit });
}

/** The tags and all tags below them: a page about "vehicles" concerns cases about "maintenance-turnaround". */
async function withDescendants(db: Db, slugs: readonly string[]): Promise<string[]> {
  const tags = await db.tag.findMany({ select: { id: true, slug: true, parentId: true } });
  const childrenOf = new Map<string | null, typeof tags>();
  for (const tag of tags) childrenOf.set(tag.parentId, [...(childrenOf.get(tag.parentId) ?? []), tag]);
  const found = new Set<string>();
  const visit = (tag: (typeof tags)[number]) => {
    if (found.has(tag.slug)) return;
    found.add(tag.slug);
    for (const child of childrenOf.get(tag.id) ?? []) visit(child);
  };
  for (const tag of tags) if (slugs.includes(tag.slug)) visit(tag);
  return [...found];
}

/** Public systemic cases whose local issues carry one of these tags (or a tag below them). */
export async function publicCasesForTags(db: Db, slugs: readonly string[], limit = 10) {
  if (slugs.length === 0) return [];
  const expanded = await withDescendants(db, slugs);
  const cases = await db.systemicCase.findMany({
    where: {
      visibility: 'public',
      localIssues: { some: { localIssue: { tags: { some: { tag: { slug: { in: expanded } } } } } } },
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
  return cases.map(({ owningDepartment, ...rest }) => ({ ...rest, departmentName: owningDepartment.name }));
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
