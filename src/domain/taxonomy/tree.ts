/** A tag as the taxonomy rules see it; the services load these from the database. */
export interface TagNode {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  /** Set once the tag was merged into another: it stays as a row but is no longer part of the tree. */
  mergedIntoId: string | null;
  /** Former slugs that still lead to this tag. */
  aliases: readonly string[];
  /** Stored normalised (words.ts normaliseTerm). */
  synonyms: readonly string[];
}

type TreeNode = Pick<TagNode, 'id' | 'slug' | 'name' | 'parentId' | 'mergedIntoId'>;

export const isLive = (tag: Pick<TagNode, 'mergedIntoId'>) => tag.mergedIntoId === null;

/** Live tags by parent id (null for the top level), siblings by name. */
export function childrenByParent<T extends TreeNode>(tags: readonly T[]): Map<string | null, T[]> {
  const children = new Map<string | null, T[]>();
  const sorted = tags.filter(isLive).sort((a, b) => a.name.localeCompare(b.name, 'en') || a.slug.localeCompare(b.slug));
  for (const tag of sorted) children.set(tag.parentId, [...(children.get(tag.parentId) ?? []), tag]);
  return children;
}

/** The live tag a tag leads to: itself, or the tag it was merged into (through later merges); stops at a loop. */
export function liveTagOf<T extends Pick<TagNode, 'id' | 'mergedIntoId'>>(byId: ReadonlyMap<string, T>, tag: T): T {
  let live = tag;
  for (let hops = 0; live.mergedIntoId !== null && hops < byId.size; hops += 1)
    live = byId.get(live.mergedIntoId) ?? live;
  return live;
}

/** Ids of every live tag below this one (not the tag itself). */
export function descendantIds(tags: readonly TreeNode[], tagId: string): Set<string> {
  const children = childrenByParent(tags);
  const found = new Set<string>();
  const visit = (id: string) => {
    for (const child of children.get(id) ?? []) {
      if (found.has(child.id)) continue;
      found.add(child.id);
      visit(child.id);
    }
  };
  visit(tagId);
  return found;
}

/** The tags from the top level down to this one; stops at a loop rather than running forever. */
export function ancestry<T extends TreeNode>(tags: readonly T[], tagId: string): T[] {
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const chain: T[] = [];
  const seen = new Set<string>();
  for (let tag = byId.get(tagId); tag && !seen.has(tag.id); tag = tag.parentId ? byId.get(tag.parentId) : undefined) {
    seen.add(tag.id);
    chain.unshift(tag);
  }
  return chain;
}

/** The slugs from the top down, e.g. "resources/vehicles/maintenance-turnaround". */
export function slugPath(tags: readonly TreeNode[], tagId: string): string {
  return ancestry(tags, tagId)
    .map((tag) => tag.slug)
    .join('/');
}

/** The names from the top down, e.g. "Resources / Vehicles / Vehicle maintenance turnaround". */
export function namePath(tags: readonly TreeNode[], tagId: string): string {
  return ancestry(tags, tagId)
    .map((tag) => tag.name)
    .join(' / ');
}

/** Live tags in tree order (each parent before its children, siblings by name) with their depth. */
export function inTreeOrder<T extends TreeNode>(tags: readonly T[]): { tag: T; depth: number }[] {
  const children = childrenByParent(tags);
  const ordered: { tag: T; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const tag of children.get(parentId) ?? []) {
      ordered.push({ tag, depth });
      visit(tag.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/**
 * Why this tag cannot move under `newParentId` (null: the top level), or null when it can. A tag
 * cannot move under itself or anything below it: the tree would become a loop.
 */
export function moveRefusal(tags: readonly TreeNode[], tagId: string, newParentId: string | null): string | null {
  const tag = tags.find((candidate) => candidate.id === tagId);
  if (!tag) return 'There is no such tag.';
  if (!isLive(tag)) return `${tag.name} was merged into another tag and can no longer move.`;
  if (newParentId === null) return tag.parentId === null ? `${tag.name} is already at the top level.` : null;
  const parent = tags.find((candidate) => candidate.id === newParentId);
  if (!parent || !isLive(parent)) return 'Choose a tag that is still in use as the new parent.';
  if (parent.id === tag.id) return `${tag.name} cannot be placed under itself.`;
  if (descendantIds(tags, tag.id).has(parent.id)) {
    return `${parent.name} is below ${tag.name}, so ${tag.name} cannot move under it: move ${parent.name} out first.`;
  }
  if (tag.parentId === parent.id) return `${tag.name} is already under ${parent.name}.`;
  return null;
}
