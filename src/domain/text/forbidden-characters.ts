/**
 * Characters no text field keeps: they are invisible, cut what is shown short (a NUL ends the text in many
 * programs and PostgreSQL refuses it) or turn the text around on screen (a right-to-left override before
 * "gpj.exe" shows "exe.jpg"). Tab, line feed and carriage return are allowed; zero-width joiners, soft hyphens
 * and every other character are kept.
 *
 * - C0 controls U+0000–U+001F but tab (U+0009), line feed (U+000A) and carriage return (U+000D);
 * - DEL (U+007F) and the C1 controls U+0080–U+009F;
 * - the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what this module is for
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const FORBIDDEN_EVERYWHERE = new RegExp(FORBIDDEN.source, 'g');

const BIDI_NAMES: Readonly<Record<number, string>> = {
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

export interface ForbiddenCharacter {
  /** The character's code point, such as 0x202e. */
  codePoint: number;
  /** Where it is: 1 for the first character, counting characters (code points), not UTF-16 units. */
  position: number;
}

/** The first forbidden character of the text, or null when it has none. */
export function findForbiddenCharacter(text: string): ForbiddenCharacter | null {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  // Count code points before it, so that an emoji (two UTF-16 units) counts as one character.
  const position = Array.from(text.slice(0, match.index)).length + 1;
  return { codePoint: match[0].codePointAt(0) ?? 0, position };
}

/** "U+0000", "U+202E". */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "a control character (U+0000)" or "the character U+202E (right-to-left override)". */
export function describeForbiddenCharacter(codePoint: number): string {
  const bidi = BIDI_NAMES[codePoint];
  return bidi
    ? `the character ${codePointName(codePoint)} (${bidi})`
    : `a control character (${codePointName(codePoint)})`;
}

/** The refusal, to follow the field's name: "contains a control character (U+0000) at position 12; remove it". */
export function forbiddenCharacterReason({ codePoint, position }: ForbiddenCharacter): string {
  return `contains ${describeForbiddenCharacter(codePoint)} at position ${position}; remove it`;
}

/** The text with each forbidden character written out as "[U+0000]", for showing a refused value safely. */
export function showForbiddenCharacters(text: string): string {
  return text.replace(FORBIDDEN_EVERYWHERE, (character) => `[${codePointName(character.codePointAt(0) ?? 0)}]`);
}

/** The text without its forbidden characters. */
export function withoutForbiddenCharacters(text: string): string {
  return text.replace(FORBIDDEN_EVERYWHERE, '');
}
