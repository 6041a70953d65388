import { describeUse, indexTerms, termHeldByAnother } from './terms.ts';
import { descendantIds, isLive, type TagNode } from './tree.ts';
import { normaliseTerm, synonymProblem } from './words.ts';

/**
 * What merging one tag (the source) into another (the target) does, decided before anything is
 * written. The service applies it in one transaction and re-tags the local issues.
 */
export interface MergePlan {
  sourceId: string;
  targetId: string;
  /** The source's slug and former slugs: from now on they lead to the target. */
  aliasesToAdd: string[];
  /** The source's synonyms, and its name, that the target does not already answer to. */
  synonymsToAdd: string[];
  /** Words of the source the target already answers to, so nothing is added for them. */
  synonymsAlreadyCovered: string[];
  /** Words that cannot become synonyms of the target, and why (only in a database edited by hand). */
  synonymsLeftOut: { term: string; reason: string }[];
  /** Live tags directly below the source; they move under the target with everything below them. */
  childIdsToMove: string[];
}

export type MergeRefusalCode = 'missing' | 'same_tag' | 'already_merged' | 'target_merged' | 'target_below_source';

export type MergeDecision =
  { ok: true; plan: MergePlan } | { ok: false; refusal: { code: MergeRefusalCode; message: string } };

const refuse = (code: MergeRefusalCode, message: string): MergeDecision => ({ ok: false, refusal: { code, message } });

export function planMerge(tags: readonly TagNode[], sourceId: string, targetId: string): MergeDecision {
  const source = tags.find((tag) => tag.id === sourceId);
  const target = tags.find((tag) => tag.id === targetId);
  if (!source || !target) return refuse('missing', 'There is no such tag.');
  if (source.id === target.id) return refuse('same_tag', 'A tag cannot be merged into itself: choose another tag.');
  if (!isLive(source)) return refuse('already_merged', `${source.name} has already been merged into another tag.`);
  if (!isLive(target)) {
    return refuse('target_merged', `${target.name} has been merged into another tag: merge into that one instead.`);
  }
  // Its children would move under the target, which sits among them: the tree would loop.
  if (descendantIds(tags, source.id).has(target.id)) {
    return refuse(
      'target_below_source',
      `${target.name} is below ${source.name}. Move ${target.name} out from under it first, or merge ${target.name} into ${source.name} instead.`,
    );
  }

  // The index without the source: its words are free to move to the target once it is merged.
  const index = indexTerms(tags.filter((tag) => tag.id !== source.id));
  const aliasesToAdd = [source.slug, ...source.aliases];
  const synonymsToAdd: string[] = [];
  const synonymsAlreadyCovered: string[] = [];
  const synonymsLeftOut: MergePlan['synonymsLeftOut'] = [];
  for (const term of new Set([...source.synonyms, source.name].map(normaliseTerm))) {
    // Rule 1 in terms.ts means no other live tag holds a word of the source; checking anyway keeps
    // a database that broke it (by hand) from breaking it further.
    const other = termHeldByAnother(index, term, target.id);
    const problem = other ? describeUse(term, other) : synonymProblem(term);
    const isCovered = aliasesToAdd.includes(term) || index.terms.get(term)?.some((use) => use.tagId === target.id);
    if (isCovered) synonymsAlreadyCovered.push(term);
    else if (problem) synonymsLeftOut.push({ term, reason: problem });
    else synonymsToAdd.push(term);
  }
  const childIdsToMove = tags
    .filter((tag) => isLive(tag) && tag.parentId === source.id)
    .sort((a, b) => a.name.localeCompare(b.name, 'en'))
    .map((tag) => tag.id);
  return {
    ok: true,
    plan: {
      sourceId: source.id,
      targetId: target.id,
      aliasesToAdd,
      synonymsToAdd,
      synonymsAlreadyCovered,
      synonymsLeftOut,
      childIdsToMove,
    },
  };
}
