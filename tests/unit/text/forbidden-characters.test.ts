import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  codePointName,
  findForbiddenCharacter,
  forbiddenCharacterReason,
  showForbiddenCharacters,
  withoutForbiddenCharacters,
} from '../../../src/domain/text/forbidden-characters.ts';
import { textField } from '../../../src/domain/text/text-schema.ts';

const character = (codePoint: number) => String.fromCodePoint(codePoint);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('findForbiddenCharacter', () => {
  const FORBIDDEN = [
    ...range(0x00, 0x08),
    0x0b,
    0x0c,
    ...range(0x0e, 0x1f),
    ...range(0x7f, 0x9f),
    ...range(0x202a, 0x202e),
    ...range(0x2066, 0x2069),
  ];

  it.each(FORBIDDEN.map((codePoint) => [codePointName(codePoint), codePoint]))('finds %s', (_, codePoint) => {
    expect(findForbiddenCharacter(`ab${character(codePoint)}c`)).toEqual({ codePoint, position: 3 });
  });

  it('keeps tab, line feed and carriage return', () => {
    expect(findForbiddenCharacter('one\ttwo\r\nthree\n')).toBeNull();
  });

  it('keeps zero-width joiners, soft hyphens, other format characters and non-Latin text', () => {
    const kept = [
      'wo\u200Dman', // zero-width joiner
      'Kabo\u00ADkweni', // soft hyphen
      'a\u200Cb\u200Bc', // zero-width non-joiner, zero-width space
      '\uFEFFtitle', // byte-order mark inside a field
      'left\u200Eright\u200F', // left-to-right and right-to-left marks (not overrides)
      'isiZulu: Umtholampilo • Afrikaans: Kliniek • العربية • 👩🏽‍⚕️',
      '\u00A0\u00A9\u00FF', // the first characters after the C1 controls
      '\u2029\u2065\u206A', // around the isolates
    ];
    for (const text of kept) expect(findForbiddenCharacter(text), JSON.stringify(text)).toBeNull();
  });

  it('counts the position in characters from 1, an emoji counting once', () => {
    expect(findForbiddenCharacter('\u0000')).toEqual({ codePoint: 0, position: 1 });
    expect(findForbiddenCharacter('👩🏽 x\u202E')).toEqual({ codePoint: 0x202e, position: 5 });
  });

  it('reports the first of several', () => {
    expect(findForbiddenCharacter('a\u2066b\u0000')).toEqual({ codePoint: 0x2066, position: 2 });
  });
});

describe('forbiddenCharacterReason', () => {
  it('names a control character by its code point and a bidirectional one by its name too', () => {
    expect(forbiddenCharacterReason({ codePoint: 0, position: 12 })).toBe(
      'contains a control character (U+0000) at position 12; remove it',
    );
    expect(forbiddenCharacterReason({ codePoint: 0x202e, position: 1 })).toBe(
      'contains the character U+202E (right-to-left override) at position 1; remove it',
    );
    expect(forbiddenCharacterReason({ codePoint: 0x2069, position: 2 })).toMatch(/U\+2069 \(pop directional isolate\)/);
  });
});

describe('showForbiddenCharacters and withoutForbiddenCharacters', () => {
  it('write every forbidden character out, or drop it, and leave the rest alone', () => {
    expect(showForbiddenCharacters('a\u0000b\u202Ec\td\u00AD')).toBe('a[U+0000]b[U+202E]c\td\u00AD');
    expect(withoutForbiddenCharacters('a\u0000b\u202Ec\td\u00AD')).toBe('abc\td\u00AD');
  });
});

describe('textField', () => {
  const Schema = z.object({ title: textField().trim().min(1).max(20) });

  it('refuses a control character before trimming, naming it and where it is', () => {
    const result = Schema.safeParse({ title: '\u000BVans wait' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['title'],
        message: 'contains a control character (U+000B) at position 1; remove it',
      }),
    ]);
  });

  it('refuses a right-to-left override', () => {
    const result = Schema.safeParse({ title: 'txt.exe\u202E' });
    expect(result.error?.issues[0]?.message).toBe(
      'contains the character U+202E (right-to-left override) at position 8; remove it',
    );
  });

  it('keeps the other checks and transforms of z.string()', () => {
    expect(Schema.parse({ title: '  Wo\u200Dman \u00AD ' })).toEqual({ title: 'Wo\u200Dman \u00AD' });
    expect(Schema.safeParse({ title: '   ' }).success).toBe(false);
  });

  it('refuses before a piped format, with its own message', () => {
    const Email = textField().pipe(z.email('expected an e-mail address'));
    expect(Email.safeParse('ada\u0000@dpme.example').error?.issues[0]?.message).toBe(
      'contains a control character (U+0000) at position 4; remove it',
    );
    expect(Email.safeParse('ada@').error?.issues[0]?.message).toBe('expected an e-mail address');
  });
});
