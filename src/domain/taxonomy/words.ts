/**
 * The words of a tag: its slug, its name, its synonyms and its description, how each is written and
 * what makes one acceptable. docs/TAXONOMY.md explains the rules to people.
 */

/** Lower-case letters and digits in words joined by single hyphens, e.g. "maintenance-turnaround". */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_LENGTH = { min: 2, max: 60 } as const;
export const NAME_LENGTH = { min: 2, max: 80 } as const;
/** As long as a name: a merged tag's name lives on as a synonym of the tag it was merged into. */
export const SYNONYM_LENGTH = { min: 2, max: 80 } as const;
export const DESCRIPTION_LENGTH = { min: 10, max: 400 } as const;
/** Paths under /taxonomy that are pages of their own, so no tag may take them as its slug. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['new']);
/**
 * Forms separate tags with commas and imports with "|", so a name or synonym holding either could
 * never be typed whole.
 */
const SEPARATORS = /[,|]/;

/** A name as stored: Unicode-composed, trimmed, one space between words; its case is kept. */
export function normaliseName(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * A synonym (or any typed term) as stored and compared: a normalised name in lower case, so that
 * "Police  Van " and "police van" are the same word.
 */
export function normaliseTerm(text: string): string {
  return normaliseName(text).toLowerCase();
}

/** Why this slug cannot be used, or null when it can. Uniqueness is checked in terms.ts. */
export function slugProblem(slug: string): string | null {
  if (slug.length < SLUG_LENGTH.min || slug.length > SLUG_LENGTH.max) {
    return `Enter a slug of ${SLUG_LENGTH.min} to ${SLUG_LENGTH.max} characters`;
  }
  if (!SLUG_PATTERN.test(slug)) return 'Write the slug in small letters and digits, with single hyphens between words';
  if (RESERVED_SLUGS.has(slug)) return `Choose another slug: "${slug}" is the address of another page`;
  return null;
}

/** Why this name (already normalised) cannot be used, or null when it can. */
export function nameProblem(name: string): string | null {
  if (name.length < NAME_LENGTH.min || name.length > NAME_LENGTH.max) {
    return `Enter a name of ${NAME_LENGTH.min} to ${NAME_LENGTH.max} characters`;
  }
  if (SEPARATORS.test(name)) return 'Leave commas and "|" out of the name: they separate tags in forms and imports';
  return null;
}

/** Why this synonym (already normalised) cannot be used, or null when it can. */
export function synonymProblem(term: string): string | null {
  if (term.length < SYNONYM_LENGTH.min || term.length > SYNONYM_LENGTH.max) {
    return `Enter a synonym of ${SYNONYM_LENGTH.min} to ${SYNONYM_LENGTH.max} characters`;
  }
  if (SEPARATORS.test(term)) return 'Leave commas and "|" out of the synonym: they separate tags in forms and imports';
  if (!/[\p{L}\p{N}]/u.test(term)) return 'Enter a synonym with at least one letter or digit';
  return null;
}

/** Why this description (trimmed) cannot be used, or null when it can. */
export function descriptionProblem(description: string): string | null {
  if (description.length < DESCRIPTION_LENGTH.min || description.length > DESCRIPTION_LENGTH.max) {
    return `Say in ${DESCRIPTION_LENGTH.min} to ${DESCRIPTION_LENGTH.max} characters what the tag covers`;
  }
  return null;
}

/**
 * The slug a name suggests: accents dropped, lower case, anything else than letters and digits
 * turned into single hyphens, cut at a word boundary to fit. '' when the name has no usable letters.
 */
export function slugFromName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  let slug = '';
  for (const word of words) {
    const longer = slug === '' ? word : `${slug}-${word}`;
    if (longer.length > SLUG_LENGTH.max) break;
    slug = longer;
  }
  // A first word longer than the limit on its own is cut rather than lost.
  if (slug === '' && words[0]) slug = words[0].slice(0, SLUG_LENGTH.max);
  return slug;
}

/**
 * A free slug for a new tag: the name's own slug, or with "-2", "-3", … added when that is taken
 * (or reserved). `isTaken` answers for every slug or alias any tag has ever held.
 */
export function suggestSlug(name: string, isTaken: (slug: string) => boolean): string {
  const base = slugFromName(name);
  if (base.length < SLUG_LENGTH.min) return '';
  const isFree = (slug: string) => !isTaken(slug) && slugProblem(slug) === null;
  if (isFree(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    let stem = base;
    while (stem.length + suffix.length > SLUG_LENGTH.max) {
      const lastHyphen = stem.lastIndexOf('-');
      stem = lastHyphen > 0 ? stem.slice(0, lastHyphen) : stem.slice(0, SLUG_LENGTH.max - suffix.length);
    }
    const candidate = `${stem}${suffix}`;
    if (isFree(candidate)) return candidate;
  }
}
