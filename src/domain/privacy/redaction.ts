import {
  findPersonalData,
  PERSONAL_DATA_LABELS,
  PERSONAL_DATA_PLACEHOLDERS,
  redactPersonalData,
  type PersonalDataFinding,
  type PersonalDataKind,
} from './personal-data.ts';

/**
 * Redaction reaches past the issue's own text: history, import reports, cluster labels and queued work
 * keep copies of it. These rules say what a redaction removed and take exactly that out of a stored
 * copy, so that the copy reads as the issue now does ("Sister [name removed]").
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A piece of text a redaction removes, and what stands in its place. */
export interface RemovedPiece {
  kind: PersonalDataKind;
  text: string;
  placeholder: string;
}

export interface RedactionPlan {
  /** Each distinct piece once (letter case aside), longest first. */
  pieces: RemovedPiece[];
  /** The texts as they were before the redaction, with what was found in each. */
  originals: { text: string; findings: PersonalDataFinding[] }[];
  /** One expression matching any piece, case-insensitively, never inside a longer word or number. */
  matcher: RegExp | null;
  /** Lower-cased words of the names removed, for copies that keep single words (a cluster's top terms). */
  nameWords: ReadonlySet<string>;
}

/**
 * A copy the product cut short (a cluster's label is a title's first 120 characters, an import report
 * keeps a value's first 200) can end inside a piece; one at least this long that is the start of an
 * original text is redacted as that text is. Shorter strings ("0", "No") start too many texts.
 */
export const MIN_CUT_COPY_LENGTH = 20;

const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}]';
const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{M}\p{N}]/u.test(char);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What redacting these texts (title, description, root causes, as they are now) removes. */
export function planRedaction(texts: readonly string[]): RedactionPlan {
  const originals = texts.map((text) => ({ text, findings: findPersonalData(text) }));
  const byText = new Map<string, RemovedPiece>();
  for (const { findings } of originals) {
    for (const { kind, text } of findings) {
      const key = text.toLowerCase();
      if (!byText.has(key)) byText.set(key, { kind, text, placeholder: PERSONAL_DATA_PLACEHOLDERS[kind] });
    }
  }
  // Longest first, so that where two pieces start at the same place the longer one is taken whole.
  const pieces = [...byText.values()].sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : 1));
  const alternatives = pieces.map((piece, index) => {
    const before = isWordChar(piece.text[0]) ? `(?<!${WORD_CHAR})` : '';
    const after = isWordChar(piece.text.at(-1)) ? `(?!${WORD_CHAR})` : '';
    return `(?<p${index}>${before}${escapeRegExp(piece.text)}${after})`;
  });
  const nameWords = new Set(
    pieces
      .filter((piece) => piece.kind === 'named_person')
      .flatMap((piece) => piece.text.toLowerCase().split(/[^\p{L}\p{M}\p{N}'’]+/u))
      .filter((word) => word.length >= 2),
  );
  return {
    pieces,
    originals,
    matcher: alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'giu') : null,
    nameWords,
  };
}

/** The kinds of data removed, in a fixed order, for the audit trail (never the data itself). */
export function kindsRemoved(plan: RedactionPlan): PersonalDataKind[] {
  const kinds = new Set(plan.pieces.map((piece) => piece.kind));
  return (Object.keys(PERSONAL_DATA_LABELS) as PersonalDataKind[]).filter((kind) => kinds.has(kind));
}

/** `text` with every removed piece replaced by its placeholder; a cut copy of an original as that original. */
export function redactCopy(text: string, plan: RedactionPlan): string {
  let redacted = text;
  for (const original of plan.originals) {
    const isCutCopy = text.length >= MIN_CUT_COPY_LENGTH || text === original.text;
    if (original.findings.length === 0 || !isCutCopy || !original.text.startsWith(text)) continue;
    const kept = original.findings
      .filter((finding) => finding.start < text.length)
      .map((finding) => ({ ...finding, end: Math.min(finding.end, text.length) }));
    redacted = redactPersonalData(text, kept);
    break;
  }
  const { matcher, pieces } = plan;
  if (!matcher) return redacted;
  return redacted.replace(matcher, (...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    const index = pieces.findIndex((_, i) => groups[`p${i}`] !== undefined);
    return pieces[index]!.placeholder;
  });
}

/**
 * A JSON value with `redactCopy` applied to every string in it, keys included; the structure, numbers
 * and booleans stay as they are. With `words`, a string that is one word of a removed name (a cluster's
 * top term "dlamini") is replaced too.
 */
export function redactJsonCopy(value: JsonValue, plan: RedactionPlan, { words = false } = {}): JsonValue {
  const visit = (node: JsonValue): JsonValue => {
    if (typeof node === 'string') {
      return words && plan.nameWords.has(node.trim().toLowerCase())
        ? PERSONAL_DATA_PLACEHOLDERS.named_person
        : redactCopy(node, plan);
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([key, inner]) => [redactCopy(key, plan), visit(inner)]));
  };
  return visit(value);
}

/**
 * LIKE patterns (with `\` as the escape character) that every stored value holding a copy matches: each
 * piece as written and as JSON writes it inside a string (a line break as `\n`), and the start of each
 * original that a cut copy keeps. They find candidates; `redactCopy` decides. Letter case is the
 * database's to ignore.
 */
export function copySearchPatterns(plan: RedactionPlan): string[] {
  const needles = new Set<string>();
  const add = (text: string) => {
    needles.add(text);
    needles.add(JSON.stringify(text).slice(1, -1));
  };
  for (const piece of plan.pieces) add(piece.text);
  for (const { text, findings } of plan.originals) {
    for (const finding of findings) {
      if (finding.end > MIN_CUT_COPY_LENGTH) add(text.slice(0, Math.max(MIN_CUT_COPY_LENGTH, finding.start + 1)));
    }
  }
  return [...needles].map((needle) => `%${needle.replace(/[\\%_]/g, '\\$&')}%`);
}
