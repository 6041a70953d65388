/**
 * Flags likely personal data in the free text monitors write (survey answers, dialogue notes), so an
 * analyst can review or redact it before anything leaves the staff pages. It is a net, not a proof:
 * it prefers a reviewable false alarm over a missed ID number, and it never decides on its own.
 *
 * Every scan here is linear in the length of the text: candidates are found by scanning digit
 * groups, "@" signs and titles, never by a regular expression that can backtrack over its input.
 */

export type PersonalDataKind = 'id_number' | 'phone' | 'email' | 'named_person';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** UTF-16 offsets into the original text, as `String.prototype.slice` counts; `end` is exclusive. */
  start: number;
  end: number;
  text: string;
}

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  id_number: 'South African ID number',
  phone: 'Phone number',
  email: 'E-mail address',
  named_person: 'Name of a person',
};

/** What stands in the text where a finding was removed. */
export const PERSONAL_DATA_PLACEHOLDERS: Record<PersonalDataKind, string> = {
  id_number: '[ID number removed]',
  phone: '[phone number removed]',
  email: '[e-mail removed]',
  named_person: '[name removed]',
};

// Where candidates overlap, the earlier kind wins: an e-mail address can hold digits that read as a
// phone number, and an ID number split into groups can hold ten digits that start with 0.
const PRECEDENCE: readonly PersonalDataKind[] = ['email', 'id_number', 'phone', 'named_person'];

interface Span {
  start: number;
  end: number;
}

/** Likely personal data in `text`, sorted by `start` and never overlapping. */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const groups = findDigitGroups(text);
  const candidates: Record<PersonalDataKind, Span[]> = {
    email: findEmails(text),
    id_number: findIdNumbers(groups),
    phone: findPhoneNumbers(text, groups),
    named_person: findNamedPeople(text),
  };
  // Names never overlap each other and numbers are short, so marking taken characters stays linear.
  const taken = new Uint8Array(text.length);
  const findings: PersonalDataFinding[] = [];
  for (const kind of PRECEDENCE) {
    for (const { start, end } of candidates[kind]) {
      if (taken.subarray(start, end).includes(1)) continue;
      taken.fill(1, start, end);
      findings.push({ kind, start, end, text: text.slice(start, end) });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/**
 * `text` with each finding replaced by a placeholder such as "[name removed]". Pass a subset of the
 * findings to keep what an analyst cleared. Overlapping findings are merged rather than skipped, so
 * a hand-edited list cannot leave part of a number showing.
 */
export function redactPersonalData(
  text: string,
  findings: readonly PersonalDataFinding[] = findPersonalData(text),
): string {
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let redacted = '';
  let cursor = 0;
  for (const finding of ordered) {
    const end = Math.min(finding.end, text.length);
    if (end <= cursor) continue;
    if (finding.start < cursor) {
      cursor = end;
      continue;
    }
    redacted += text.slice(cursor, finding.start) + PERSONAL_DATA_PLACEHOLDERS[finding.kind];
    cursor = end;
  }
  return redacted + text.slice(cursor);
}

/** Whether any of the texts (blank answers allowed) holds something that looks like personal data. */
export function hasPersonalData(...texts: (string | null | undefined)[]): boolean {
  return texts.some((text) => text != null && findPersonalData(text).length > 0);
}

/**
 * Whether 13 digits form a South African ID number, YYMMDD SSSS C A Z: a real date of birth, a
 * citizenship digit of 0 (citizen), 1 (permanent resident) or 2 (refugee), and a Luhn check digit.
 * The century is unknown, so 29 February is accepted in every year divisible by four, including 00.
 */
export function isSouthAfricanIdNumber(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const year = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const daysInMonth = [31, year % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (daysInMonth === undefined || day < 1 || day > daysInMonth) return false;
  if (!'012'.includes(digits.charAt(10))) return false;
  let sum = 0;
  for (let fromRight = 0; fromRight < 13; fromRight++) {
    let digit = digits.charCodeAt(12 - fromRight) - 48;
    if (fromRight % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// Numbers: runs of digit groups joined by a space, dash, dot or bracket ("(012) 345-6789").

interface DigitGroup extends Span {
  digits: string;
  /** The characters between this group and the next when they read as one number, else null. */
  gapAfter: string | null;
}

const NUMBER_GAP = /^\)?[ \u00a0]?[-.\u2013]?[ \u00a0]?\(?$/;
// ID numbers are written with spaces or dashes between groups; dots and brackets mean something else.
const ID_GAP = /^(?:[ \u00a0]|[ \u00a0]?[-\u2013][ \u00a0]?)$/;
const LETTER_OR_DIGIT = /[\p{L}\p{M}\p{N}]/u;

function findDigitGroups(text: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  for (const match of text.matchAll(/\d+/g)) {
    const previous = groups.at(-1);
    if (previous) {
      const gap = text.slice(previous.end, match.index);
      previous.gapAfter = gap.length <= 5 && NUMBER_GAP.test(gap) ? gap : null;
    }
    groups.push({ start: match.index, end: match.index + match[0].length, digits: match[0], gapAfter: null });
  }
  return groups;
}

function findIdNumbers(groups: readonly DigitGroup[]): Span[] {
  const spans: Span[] = [];
  for (let first = 0; first < groups.length; first++) {
    let digits = '';
    for (let last = first; last < groups.length && digits.length < 13; last++) {
      const group = groups[last]!;
      if (last > first && !ID_GAP.test(groups[last - 1]!.gapAfter ?? '')) break;
      digits += group.digits;
      if (digits.length === 13 && isSouthAfricanIdNumber(digits)) {
        spans.push({ start: groups[first]!.start, end: group.end });
      }
    }
  }
  return spans;
}

/**
 * South African numbers only: 0XX XXX XXXX with any grouping (area code bracketed or not), or +27
 * and nine digits, optionally "+27 (0)82 ...". Without the "+", "27" must be followed by the usual
 * two-digit code or nine digits together, because "27 500 000 000" is more likely an amount.
 */
function findPhoneNumbers(text: string, groups: readonly DigitGroup[]): Span[] {
  const spans: Span[] = [];
  for (let index = 0; index < groups.length; index++) {
    const span = phoneNumberAt(text, groups, index);
    if (span) spans.push(span);
  }
  return spans;
}

function phoneNumberAt(text: string, groups: readonly DigitGroup[], index: number): Span | null {
  const first = groups[index]!;
  const hasPlus = text[first.start - 1] === '+';
  const isBracketed = text[first.start - 1] === '(' && first.gapAfter?.startsWith(')') === true;
  const start = hasPlus || isBracketed ? first.start - 1 : first.start;
  // Digits glued to a letter are a code or an amount ("REF0825551234", "R0825551234").
  if (isLetterOrDigit(text[start - 1])) return null;

  let body = index;
  let digitsWanted = 10;
  if (!hasPlus && first.digits.startsWith('0') && first.digits.length >= 3) {
    if (!isSubscriberDigit(first.digits[1])) return null;
  } else if (first.digits === '27') {
    body = index + 1;
    const zero = groups[body];
    if (zero?.digits === '0' && text[zero.start - 1] === '(' && zero.gapAfter?.startsWith(')')) body++;
    if (first.gapAfter === null || groups[body - 1]?.gapAfter == null) return null;
    const code = groups[body];
    if (!code || !isSubscriberDigit(code.digits[0])) return null;
    if (!hasPlus && code.digits.length !== 2 && code.digits.length !== 9) return null;
    digitsWanted = 9;
  } else if (first.digits.startsWith('27') && (hasPlus || first.digits.length === 11)) {
    if (!isSubscriberDigit(first.digits[2])) return null;
    digitsWanted = 11;
  } else {
    return null;
  }

  let count = 0;
  for (let last = body; last < groups.length; last++) {
    const group = groups[last]!;
    if (last > body && (groups[last - 1]!.gapAfter === null || group.digits.length < 2)) return null;
    count += group.digits.length;
    if (count > digitsWanted) return null;
    if (count === digitsWanted) return isLetterOrDigit(text[group.end]) ? null : { start, end: group.end };
  }
  return null;
}

// Area and mobile codes run from 01 to 08 (after the 0, or after +27).
function isSubscriberDigit(digit: string | undefined): boolean {
  return digit !== undefined && digit >= '1' && digit <= '8';
}

function isLetterOrDigit(char: string | undefined): boolean {
  return char !== undefined && LETTER_OR_DIGIT.test(char);
}

// E-mail addresses: found from each "@" outwards, since a pattern anchored nowhere would retry the
// local part from every starting position and go quadratic on long runs of letters.

const LOCAL_PART_CHAR = /[\p{L}\p{N}._%+-]/u;
const DOMAIN_CHAR = /[\p{L}\p{N}-]/u;

function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_PART_CHAR.test(text.charAt(start - 1))) start--;
    while (text[start] === '.') start++;
    if (start === at || text[at - 1] === '.') continue;

    let end = at + 1;
    let labels = 0;
    let lastLabel = '';
    for (;;) {
      let labelEnd = end;
      while (labelEnd < text.length && DOMAIN_CHAR.test(text.charAt(labelEnd))) labelEnd++;
      const label = text.slice(end, labelEnd);
      if (label === '' || label.startsWith('-') || label.endsWith('-')) break;
      labels++;
      lastLabel = label;
      end = labelEnd;
      if (text[end] !== '.' || !DOMAIN_CHAR.test(text.charAt(end + 1))) break;
      end++;
    }
    if (labels >= 2 && /^\p{L}{2,}$/u.test(lastLabel)) spans.push({ start, end });
  }
  return spans;
}

// Named people: a title or rank, written with its capital, then capitalised names. The title itself
// is kept out of the finding: "Sister [name removed]" still tells the reader who acted, and a role
// on its own ("the sister at the clinic") is not personal data.

/** Case-sensitive: "Sister Dlamini" is a person, "the sister at the clinic" is a role. */
// prettier-ignore
const TITLES = [
  'Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Prof', 'Sister', 'Sr', 'Nurse', 'Matron', 'Captain', 'Capt',
  'Constable', 'Const', 'Sergeant', 'Sgt', 'Warrant Officer', 'Lieutenant', 'Lt', 'Major', 'Maj',
  'Colonel', 'Col', 'Brigadier', 'General', 'Pastor', 'Rev', 'Chief', 'Induna', 'Councillor', 'Cllr',
  'Mayor', 'Hon', 'Gogo', 'Baba', 'Ma', 'Ntate', 'Mme',
];
/** Only abbreviations take a full stop; "the Sister. Nobody..." must not read as a name. */
// prettier-ignore
const ABBREVIATED_TITLES = new Set([
  'Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Sr', 'Capt', 'Const', 'Sgt', 'Lt', 'Maj', 'Col', 'Rev', 'Cllr', 'Hon',
]);
// Also ends a name, as in "Mr A. Warrant Officer B." or "Gogo Mam' Sisulu".
const TITLE_WORDS = new Set([...TITLES.flatMap((title) => title.split(' ')), 'Mam']);
// "Mam'" may touch the name that follows ("Mam'Winnie"); other titles must end at a word boundary.
const TITLE_SOURCE = `(?<![\\p{L}\\p{M}\\p{N}])(?:(?:${TITLES.join('|')})(?![\\p{L}\\p{M}'’])|Mam['’])`;

/** Words that extend a title ("Chief Director", "General Manager") and are never a name. */
// prettier-ignore
const ROLE_WORDS = new Set([
  'Acting', 'Administrator', 'Chair', 'Chairperson', 'Clerk', 'Commander', 'Commissioner', 'Deputy',
  'Director', 'Executive', 'Head', 'Inspector', 'Judge', 'Magistrate', 'Manager', 'Minister', 'Officer',
  'Practitioner', 'Registrar', 'Secretary', 'Speaker', 'Superintendent', 'Whip',
]);

/** Capitalised words that end a name: sentence starts after an initial, Title Case headings. */
// prettier-ignore
const STOP_WORDS = new Set([
  'About', 'After', 'Also', 'An', 'And', 'Are', 'As', 'Asked', 'At', 'Before', 'But', 'By', 'Community',
  'Did', 'During', 'For', 'From', 'Had', 'Has', 'Have', 'He', 'Her', 'Here', 'His', 'If', 'In', 'Into',
  'Is', 'It', 'Its', 'My', 'No', 'Not', 'Of', 'On', 'Or', 'Our', 'Please', 'Police', 'Said', 'Says',
  'She', 'So', 'Station', 'That', 'The', 'Their', 'Then', 'There', 'These', 'They', 'This', 'Those',
  'To', 'Told', 'Ward', 'Was', 'We', 'Were', 'When', 'Where', 'While', 'Who', 'With', 'Yes', 'You',
  'Your', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

/**
 * A title followed by one of these names a place or body, often after a person ("Dr Pixley Ka Isaka
 * Seme Street", "Chief Albert Luthuli Local Municipality", "General Assembly"): nothing is flagged.
 * The price is a miss where a name runs straight into such a word: "Sister Dlamini Clinic Manager".
 */
// prettier-ignore
const PLACE_WORDS = new Set([
  'Academic', 'Academy', 'Assembly', 'Ave', 'Avenue', 'Boulevard', 'Bridge', 'Building', 'Center',
  'Centre', 'Clinic', 'College', 'Committee', 'Council', 'Court', 'Crescent', 'Department', 'District',
  'Drive', 'Forum', 'Hall', 'Highway', 'Hospital', 'House', 'Lane', 'Library', 'Mall', 'Memorial',
  'Municipality', 'Office', 'Park', 'Primary', 'Rd', 'Road', 'School', 'Secondary', 'Square', 'St',
  'Stadium', 'Street', 'Township', 'University', 'Village',
]);

const INITIALS = /\p{Lu}\.(?:\p{Lu}\.)*/uy;
const NAME_WORD = /\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{Lu}[\p{L}\p{M}]*)*/uy;
const PARTICLE = /(?:van|von|der|den|de|du|da|dos|le|la|ka|ter|te)(?![\p{L}\p{M}])/uy;

type NameToken = Span & { kind: 'initials' | 'word' | 'particle'; value: string };

function findNamedPeople(text: string): Span[] {
  const spans: Span[] = [];
  const titles = new RegExp(TITLE_SOURCE, 'gu');
  for (let match = titles.exec(text); match; match = titles.exec(text)) {
    let cursor = match.index + match[0].length;
    if (ABBREVIATED_TITLES.has(match[0]) && text[cursor] === '.') cursor++;
    const parsed = readNameAfterTitle(text, cursor, match[0].startsWith('Mam') || text[cursor - 1] === '.');
    if (parsed.span) spans.push(parsed.span);
    titles.lastIndex = Math.max(parsed.resumeAt, titles.lastIndex);
  }
  return spans;
}

/** Reads further titles, then names; `resumeAt` is where the search for the next title picks up. */
function readNameAfterTitle(
  text: string,
  from: number,
  mayTouchTitle: boolean,
): { span: Span | null; resumeAt: number } {
  const tokens: NameToken[] = [];
  let cursor = from;
  let mayTouch = mayTouchTitle;
  let isInTitle = true;
  for (;;) {
    const at = skipSpace(text, cursor);
    if (at === cursor && !mayTouch) break;
    const token = readNameToken(text, at);
    if (!token) break;
    if (token.kind === 'word') {
      const isTitle = TITLE_WORDS.has(token.value) || ROLE_WORDS.has(token.value);
      if (isInTitle && isTitle) {
        cursor = token.end;
        mayTouch = ABBREVIATED_TITLES.has(token.value) && text[cursor] === '.';
        if (mayTouch) cursor++;
        continue;
      }
      if (isTitle || STOP_WORDS.has(token.value)) break;
      if (PLACE_WORDS.has(token.value)) return { span: null, resumeAt: token.end };
    }
    isInTitle = false;
    tokens.push(token);
    cursor = token.end;
    mayTouch = token.kind === 'initials';
  }
  // A name does not end on "van" or on a bare capital ("Baba I told him").
  while (tokens.length > 0 && isIncomplete(tokens.at(-1)!)) tokens.pop();
  const first = tokens[0];
  const last = tokens.at(-1);
  return { span: first && last ? { start: first.start, end: last.end } : null, resumeAt: cursor };
}

function isIncomplete(token: NameToken): boolean {
  return token.kind === 'particle' || (token.kind === 'word' && token.value.length === 1);
}

function readNameToken(text: string, at: number): NameToken | null {
  for (const [kind, pattern] of [
    ['initials', INITIALS],
    ['word', NAME_WORD],
    ['particle', PARTICLE],
  ] as const) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match) return { kind, start: at, end: at + match[0].length, value: match[0] };
  }
  return null;
}

/** Skips spaces and at most one line break; a blank line ends a paragraph and so a name. */
function skipSpace(text: string, from: number): number {
  let at = from;
  let lineBreaks = 0;
  for (; at < text.length; at++) {
    const char = text.charAt(at);
    if (char === '\n' && ++lineBreaks > 1) return from;
    if (!/\s/.test(char)) break;
  }
  return at;
}
