import { describe, expect, it } from 'vitest';
import { redactPersonalData } from '../../../src/domain/privacy/personal-data.ts';
import {
  copySearchPatterns,
  kindsRemoved,
  MIN_CUT_COPY_LENGTH,
  planRedaction,
  redactCopy,
  redactJsonCopy,
} from '../../../src/domain/privacy/redaction.ts';

const title = 'Sister Nokuthula Mabasokazi turned patients away';
const description = 'Call 082 555 1234 or write to qhawe.ntsundwana@clinicmail.co.za; ID 8001015009087 was kept.';
const cause = 'Matron Zodwa\nQwabe-Sithole keeps the register locked';
const plan = planRedaction([title, description, cause]);

/** A LIKE pattern as SQL reads it, for checking which strings a pattern finds. */
function likeMatches(pattern: string, value: string): boolean {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\') source += pattern[++index]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i').test(value);
}

describe('planRedaction', () => {
  it('lists each removed piece once, longest first, with its placeholder', () => {
    const again = planRedaction([title, `${title} again`, 'Mr NOKUTHULA MABASOKAZI']);
    expect(again.pieces).toEqual([
      { kind: 'named_person', text: 'Nokuthula Mabasokazi', placeholder: '[name removed]' },
    ]);
    expect(plan.pieces.map((piece) => piece.text)).toEqual([
      'qhawe.ntsundwana@clinicmail.co.za',
      'Nokuthula Mabasokazi',
      'Zodwa\nQwabe-Sithole',
      '8001015009087',
      '082 555 1234',
    ]);
  });

  it('names the kinds removed in a fixed order, and none for text without personal data', () => {
    expect(kindsRemoved(plan)).toEqual(['id_number', 'phone', 'email', 'named_person']);
    const nothing = planRedaction(['Chronic medicine out of stock', '']);
    expect(kindsRemoved(nothing)).toEqual([]);
    expect(copySearchPatterns(nothing)).toEqual([]);
    expect(redactCopy('Chronic medicine out of stock', nothing)).toBe('Chronic medicine out of stock');
  });
});

describe('redactCopy', () => {
  it('gives a full copy of an original exactly the redacted original', () => {
    for (const text of [title, description, cause]) expect(redactCopy(text, plan)).toBe(redactPersonalData(text));
  });

  it('replaces the pieces wherever a copy quotes them, whatever their letter case', () => {
    expect(redactCopy('Renamed from "nokuthula mabasokazi" after a call to 082 555 1234.', plan)).toBe(
      'Renamed from "[name removed]" after a call to [phone number removed].',
    );
    expect(redactCopy('Zodwa\nQwabe-Sithole;8001015009087', plan)).toBe('[name removed];[ID number removed]');
  });

  it('leaves a piece that is only part of a longer word or number', () => {
    expect(redactCopy('Ref 80010150090871 and 082 555 12345', plan)).toBe('Ref 80010150090871 and 082 555 12345');
    const short = planRedaction(['Mr Jo complained']);
    expect(short.pieces.map((piece) => piece.text)).toEqual(['Jo']);
    expect(redactCopy('Jo said the job was done; jo.', short)).toBe(
      '[name removed] said the job was done; [name removed].',
    );
  });

  it('takes the longer of two pieces that start at the same place', () => {
    const nested = planRedaction(['Mr Sipho Nkosi and Mr Sipho', 'thabo@example.co.za and thabo@example.co.za.uk']);
    expect(redactCopy('Sipho Nkosi met Sipho', nested)).toBe('[name removed] met [name removed]');
  });

  it('redacts a copy cut inside a piece as the original it starts', () => {
    const long = `${'The clinic queue was long and '.repeat(3)}then Sister Nokuthula Mabasokazi closed the doors`;
    const cutPlan = planRedaction([long]);
    const finding = cutPlan.originals[0]!.findings[0]!;
    const label = long.slice(0, finding.start + 5);
    expect(label.endsWith('Nokut')).toBe(true);
    expect(redactCopy(label, cutPlan)).toBe(`${long.slice(0, finding.start)}[name removed]`);
  });

  it('does not read a short string as a cut copy', () => {
    const leading = planRedaction(['082 555 1234 rang unanswered all week at the clinic']);
    expect(redactCopy('0', leading)).toBe('0');
    expect(redactCopy('08', leading)).toBe('08');
    expect('082 555 1234 rang'.length).toBeLessThan(MIN_CUT_COPY_LENGTH);
    expect(redactCopy('082 555 1234 rang', leading)).toBe('[phone number removed] rang');
  });
});

describe('redactJsonCopy', () => {
  it('rewrites every string, keys included, and keeps the structure, numbers and booleans', () => {
    const history = {
      version: 3,
      fields: ['title', 'root causes'],
      from: { title, rootCauses: [{ level: 'facility', statement: cause }] },
      to: { title: 'Patients turned away', flagged: true, count: null },
      [title]: 'a key',
    };
    const redacted = redactJsonCopy(history, plan);
    expect(redacted).toEqual({
      version: 3,
      fields: ['title', 'root causes'],
      from: {
        title: redactPersonalData(title),
        rootCauses: [{ level: 'facility', statement: redactPersonalData(cause) }],
      },
      to: { title: 'Patients turned away', flagged: true, count: null },
      [redactPersonalData(title)]: 'a key',
    });
    expect(JSON.parse(JSON.stringify(redacted))).toEqual(redacted);
  });

  it('replaces single words of a removed name only when asked', () => {
    const explanation = {
      topTerms: [
        { term: 'mabasokazi', weight: 0.4 },
        { term: 'queue', weight: 0.3 },
      ],
      sharedTags: [],
    };
    expect(redactJsonCopy(explanation, plan)).toEqual(explanation);
    expect(redactJsonCopy(explanation, plan, { words: true })).toEqual({
      topTerms: [
        { term: '[name removed]', weight: 0.4 },
        { term: 'queue', weight: 0.3 },
      ],
      sharedTags: [],
    });
  });
});

describe('copySearchPatterns', () => {
  const patterns = copySearchPatterns(plan);
  const found = (stored: string) => patterns.some((pattern) => likeMatches(pattern, stored));

  it('finds every stored form of a copy: plain text, and JSON with its escapes', () => {
    expect(found(`The title was ${title}`)).toBe(true);
    expect(found(JSON.stringify({ from: { rootCauses: [cause] } }))).toBe(true);
    expect(found(JSON.stringify({ value: description.slice(0, 40) }))).toBe(true);
    expect(found('{"title": "Patients turned away"}')).toBe(false);
  });

  it('escapes what LIKE reads as wildcards', () => {
    const underscored = planRedaction(['Write to t_nkosi+cbm@mail.gov.za or 100%']);
    const [pattern] = copySearchPatterns(underscored);
    expect(pattern).toBe('%t\\_nkosi+cbm@mail.gov.za%');
    expect(likeMatches(pattern!, 'to t_nkosi+cbm@mail.gov.za')).toBe(true);
    expect(likeMatches(pattern!, 'to tXnkosi+cbm@mail.gov.za')).toBe(false);
  });

  it('finds a copy cut inside a piece by the start of its original', () => {
    const long = `${'The clinic queue was long and '.repeat(3)}then Sister Nokuthula Mabasokazi closed the doors`;
    const cutPlan = planRedaction([long]);
    const start = cutPlan.originals[0]!.findings[0]!.start;
    const cutPatterns = copySearchPatterns(cutPlan);
    expect(cutPatterns.some((pattern) => likeMatches(pattern, long.slice(0, start + 3)))).toBe(true);
    expect(cutPatterns.some((pattern) => likeMatches(pattern, long.slice(0, start - 1)))).toBe(false);
  });
});
