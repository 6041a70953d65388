import { describe, expect, it } from 'vitest';
import { decodeTextFile, parseCsv } from '../../../src/lib/imports/read-csv.ts';

const decode = (text: string | Uint8Array) =>
  decodeTextFile(typeof text === 'string' ? new TextEncoder().encode(text) : text);

describe('reading an import file', () => {
  it('drops a UTF-8 byte-order mark', () => {
    expect(decode('\uFEFFa,b\n1,2\n')).toEqual({ text: 'a,b\n1,2\n' });
  });

  it('refuses binary data and text that is not UTF-8', () => {
    expect(decode(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatchObject({
      problem: { reason: /not a text file/ },
    });
    expect(decode(new Uint8Array([0x61, 0x2c, 0xe9, 0x0a]))).toMatchObject({ problem: { reason: /not UTF-8/ } });
  });

  it('reads semicolons, Windows line ends and quoted fields with commas and line breaks, keeping each row’s line', () => {
    const csv = parseCsv('External_Ref;Title\r\nA1;"One, with a comma"\r\nA2;"Two\r\nlines"\r\n\r\nA3;Three\r\n');
    expect(csv.header).toEqual(['external_ref', 'title']);
    expect(csv.rows).toEqual([
      { line: 2, values: { external_ref: 'A1', title: 'One, with a comma' } },
      { line: 3, values: { external_ref: 'A2', title: 'Two\r\nlines' } },
      { line: 6, values: { external_ref: 'A3', title: 'Three' } },
    ]);
    expect(csv.problems).toEqual([]);
  });

  it('reports a row with too many columns on its own line', () => {
    const csv = parseCsv('a,b\n1,2\n3,4,5\n');
    expect(csv.problems).toEqual([
      { line: 3, column: 'row', value: '', reason: expect.stringMatching(/more fields than the header's 2 columns/) },
    ]);
  });
});
