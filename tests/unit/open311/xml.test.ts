import { describe, expect, it } from 'vitest';
import { escapeXmlText, xmlDocumentOf } from '../../../src/domain/open311/xml.ts';

describe('XML text', () => {
  it('escapes the markup characters, quotes included', () => {
    expect(escapeXmlText(`Tom & Jerry's <b>"van"</b>`)).toBe(
      'Tom &amp; Jerry&apos;s &lt;b&gt;&quot;van&quot;&lt;/b&gt;',
    );
  });

  it('drops the characters XML cannot carry, and keeps tabs, line ends and characters beyond the BMP', () => {
    const text = `a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi\uD800j\tk\nl\rm 🚓`;
    expect(escapeXmlText(text)).toBe('abcdefghij\tk\nl&#13;m 🚓');
  });
});

describe('an XML document from a value', () => {
  const ITEMS = { things: 'thing', notes: 'note' };

  it('starts with the declaration and writes fields in the order of the keys', () => {
    expect(xmlDocumentOf('thing', { b: 'second', a: 1, c: true, d: false }, ITEMS)).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<thing>',
        '  <b>second</b>',
        '  <a>1</a>',
        '  <c>true</c>',
        '  <d>false</d>',
        '</thing>',
        '',
      ].join('\n'),
    );
  });

  it('writes null as an empty element and leaves undefined out', () => {
    expect(xmlDocumentOf('thing', { a: null, b: undefined, c: '' }, ITEMS)).toBe(
      ['<?xml version="1.0" encoding="utf-8"?>', '<thing>', '  <a></a>', '  <c></c>', '</thing>', ''].join('\n'),
    );
  });

  it('writes an empty list as an element opened and closed', () => {
    expect(xmlDocumentOf('things', [], ITEMS)).toBe('<?xml version="1.0" encoding="utf-8"?>\n<things></things>\n');
    expect(xmlDocumentOf('thing', { notes: [] }, ITEMS)).toContain('  <notes></notes>\n');
  });

  it('wraps each item of a list, one as much as many, in its item element', () => {
    expect(xmlDocumentOf('things', [{ notes: ['x'] }], ITEMS)).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<things>',
        '  <thing>',
        '    <notes>',
        '      <note>x</note>',
        '    </notes>',
        '  </thing>',
        '</things>',
        '',
      ].join('\n'),
    );
  });

  it('escapes text and refuses a list whose items have no element name', () => {
    expect(xmlDocumentOf('thing', { a: '1 < 2 & 3' }, ITEMS)).toContain('<a>1 &lt; 2 &amp; 3</a>');
    expect(() => xmlDocumentOf('thing', { unnamed: [1] }, ITEMS)).toThrow(/<unnamed>/);
  });
});
