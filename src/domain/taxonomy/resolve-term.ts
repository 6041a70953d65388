import { editDistance } from '../text/closest.ts';

/**
 * What a person typed in a tags field or an import's tags column -> a tag. A tag's slug, former slugs,
 * name and synonyms are that tag however they are written (case, accents, hyphens, punctuation,
 * spacing). Anything else is never applied: a word that only resembles some tags' words is answered
 * with "did you mean …?" for the person to choose, and an unrelated word is refused.
 */
export interface TagWords {
  id: string;
  slug: string;
  name: string;
  /** Former slugs, which still lead to the tag (docs/TAXONOMY.md). */
  aliases: readonly string[];
  synonyms: readonly string[];
}

export type TermResolution =
  | { kind: 'tag'; typed: string; tag: TagWords }
  /** Tags whose words resemble the typed term; never applied without the person choosing one. */
  | { kind: 'suggestions'; typed: string; suggestions: TagWords[] }
  | { kind: 'unknown'; typed: string };

export type UnresolvedTerm = Exclude<TermResolution, { kind: 'tag' }>;

export interface TagVocabulary {
  byKey: ReadonlyMap<string, readonly TagWords[]>;
  entries: readonly {
    tag: TagWords;
    keys: readonly string[];
    stems: ReadonlySet<string>;
    nameStems: ReadonlySet<string>;
  }[];
}

/** More would be a list to read rather than a suggestion. */
const MOST_SUGGESTIONS = 5;

/** Words that say nothing about which tag is meant ("the garage" means "garage"). */
const FILLER_WORDS: ReadonlySet<string> = new Set(
  'a an and are at by for from in is of on or our the their to too with'.split(' '),
);

/**
 * The form in which typed words are compared: accents dropped, lower case, apostrophes removed
 * ("don't" = "dont") and every other run of punctuation, hyphens or spaces made one space, so that
 * "Medicine-Delivery", "medicine delivery" and " MEDICINE_delivery." are the same term.
 */
export function termKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A word without its plural ending, so that "van" and "vans", "queue" and "queues" meet. */
export function wordStem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const stemsOf = (key: string): string[] =>
  key
    .split(' ')
    .filter((word) => word !== '' && !FILLER_WORDS.has(word))
    .map(wordStem);

export function tagVocabulary(tags: readonly TagWords[]): TagVocabulary {
  const byKey = new Map<string, TagWords[]>();
  const entries = tags.map((tag) => {
    const keys = [...new Set([tag.slug, tag.name, ...tag.aliases, ...tag.synonyms].map(termKey))].filter(Boolean);
    for (const key of keys) byKey.set(key, [...(byKey.get(key) ?? []), tag]);
    const nameStems = new Set([tag.name, tag.slug].flatMap((word) => stemsOf(termKey(word))));
    return { tag, keys, stems: new Set(keys.flatMap(stemsOf)), nameStems };
  });
  return { byKey, entries };
}

/**
 * Slips of the keyboard: one edit in a word of five letters, two (a swap of letters) from six. Shorter
 * words are left alone: one edit from "cop" is "car".
 */
const typoLimit = (word: string) => (word.length >= 6 ? 2 : word.length === 5 ? 1 : 0);

export function resolveTagTerm(vocabulary: TagVocabulary, typed: string): TermResolution {
  const key = termKey(typed);
  const exact = vocabulary.byKey.get(key) ?? [];
  // Two tags answering to one term is possible only when they differ in punctuation alone.
  if (exact.length === 1) return { kind: 'tag', typed, tag: exact[0]! };
  if (exact.length > 1) return { kind: 'suggestions', typed, suggestions: exact.slice(0, MOST_SUGGESTIONS) };
  const wanted = stemsOf(key);
  if (wanted.length === 0) return { kind: 'unknown', typed };

  const compact = key.replaceAll(' ', '');
  const limit = typoLimit(compact);
  const matchers: ((entry: TagVocabulary['entries'][number]) => boolean)[] = [
    // Every word typed is among the tag's words: "garage" for "government garage".
    (entry) => wanted.every((stem) => entry.stems.has(stem)),
    // Written together or apart: "stockout" for "stock-out".
    (entry) => entry.keys.some((tagKey) => tagKey.replaceAll(' ', '') === compact),
    // A typing slip in a longer word: "stok-outs" for "stock-out".
    (entry) =>
      limit > 0 && entry.keys.some((tagKey) => editDistance(compact, tagKey.replaceAll(' ', ''), limit) <= limit),
  ];
  for (const matches of matchers) {
    const found = vocabulary.entries.filter(matches);
    if (found.length === 0) continue;
    // Tags whose own name says it first, then by name, so that the list reads the same every time.
    const ranked = found.sort(
      (a, b) =>
        Number(wanted.every((stem) => b.nameStems.has(stem))) - Number(wanted.every((stem) => a.nameStems.has(stem))) ||
        a.tag.name.localeCompare(b.tag.name, 'en'),
    );
    return { kind: 'suggestions', typed, suggestions: ranked.slice(0, MOST_SUGGESTIONS).map((entry) => entry.tag) };
  }
  return { kind: 'unknown', typed };
}

export interface TagTermsCheck {
  /** The tags the terms are, each once, in the order typed. */
  tagIds: string[];
  unresolved: UnresolvedTerm[];
}

export function resolveTagTerms(vocabulary: TagVocabulary, typed: readonly string[]): TagTermsCheck {
  const tagIds: string[] = [];
  const unresolved: UnresolvedTerm[] = [];
  for (const term of typed) {
    const resolution = resolveTagTerm(vocabulary, term);
    if (resolution.kind !== 'tag') unresolved.push(resolution);
    else if (!tagIds.includes(resolution.tag.id)) tagIds.push(resolution.tag.id);
  }
  return { tagIds, unresolved };
}

/** "A", "A or B", "A, B or C". */
function oneOf(words: readonly string[]): string {
  const quoted = words.map((word) => `"${word}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** Long enough to recognise, short enough not to fill the page with a pasted paragraph. */
const shown = (typed: string) => (typed.length > 60 ? `${typed.slice(0, 60)}…` : typed);

/**
 * For a form, naming tags by name: `"garage" is not a tag. Did you mean "Vehicle maintenance turnaround"?`
 */
export function unresolvedTermSentence(term: UnresolvedTerm): string {
  const start = `"${shown(term.typed)}" is not a tag.`;
  return term.kind === 'suggestions'
    ? `${start} Did you mean ${oneOf(term.suggestions.map((tag) => tag.name))}?`
    : `${start} Use a tag's name or one of its other words from the taxonomy.`;
}

/** For an import's problem list, naming tags by slug as files do: `"garage" is not a tag; did you mean "…"?` */
export function unresolvedTermReason(term: UnresolvedTerm): string {
  const start = `"${shown(term.typed)}" is not a tag`;
  return term.kind === 'suggestions'
    ? `${start}; did you mean ${oneOf(term.suggestions.map((tag) => tag.slug))}?`
    : `${start}; use a slug, name or synonym from the taxonomy`;
}

export interface TagFieldCheck {
  tagIds: string[];
  /** The sentence to show beside the field, or null when every term is a tag. */
  problem: string | null;
  /** Per term that only resembles tags: the tags, by slug, for the person to choose. */
  suggestions: { typed: string; choices: { value: string; label: string }[] }[];
}

/** The tags a form's tags field names, or what to say beside the field: one call for a form's service. */
export function checkTagTerms(vocabulary: TagVocabulary, typed: readonly string[]): TagFieldCheck {
  const { tagIds, unresolved } = resolveTagTerms(vocabulary, typed);
  return {
    tagIds,
    problem: unresolved.length > 0 ? unresolved.map(unresolvedTermSentence).join(' ') : null,
    suggestions: unresolved.flatMap((term) =>
      term.kind === 'suggestions'
        ? [{ typed: term.typed, choices: term.suggestions.map((tag) => ({ value: tag.slug, label: tag.name })) }]
        : [],
    ),
  };
}
