import type { Db } from '../../../db/client.ts';
import { inTreeOrder, namePath } from '../../../domain/taxonomy/tree.ts';

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
    select: { id: true, slug: true, name: true, parentId: true, mergedIntoId: true },
  });
  return inTreeOrder(tags).map(({ tag, depth }) => ({
    id: tag.id,
    slug: tag.slug,
    name: tag.name,
    path: namePath(tags, tag.id),
    depth,
  }));
}
