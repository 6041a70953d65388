import type { Db } from '../../db/client.ts';

export interface TagOption {
  id: string;
  slug: string;
  name: string;
  /** Names from the root down, e.g. "Resources / Vehicles / Vehicle maintenance turnaround". */
  path: string;
  depth: number;
}

/** Live tags in tree order (each parent before its children, siblings by name), with their paths. */
export async function listTagOptions(db: Db): Promise<TagOption[]> {
  const tags = await db.tag.findMany({
    where: { mergedIntoId: null },
    select: { id: true, slug: true, name: true, parentId: true },
    orderBy: { name: 'asc' },
  });
  const children = new Map<string | null, typeof tags>();
  for (const tag of tags) children.set(tag.parentId, [...(children.get(tag.parentId) ?? []), tag]);
  const ordered: TagOption[] = [];
  const visit = (parentId: string | null, trail: string[]) => {
    for (const tag of children.get(parentId) ?? []) {
      const names = [...trail, tag.name];
      ordered.push({ id: tag.id, slug: tag.slug, name: tag.name, path: names.join(' / '), depth: trail.length });
      visit(tag.id, names);
    }
  };
  visit(null, []);
  return ordered;
}
