import { describe, expect, it } from 'vitest';
import { mdxHeadings, mdxToPlainText } from '../../../src/lib/knowledge/plain-text.ts';

describe('mdxToPlainText', () => {
  it('fills in facts, keeps link text and drops markup', () => {
    const body = [
      "import X from './x.astro';",
      '',
      '## Who took part',
      'The pilot interviewed <Fact name="pilotCitizensInterviewed" /> citizens in **all** provinces.',
      '',
      '| Step | What |',
      '| --- | --- |',
      '| 1 | [Gather feedback](/knowledge/toolkit/step-1) |',
      '- a list item',
    ].join('\n');
    const text = mdxToPlainText(body, { pilotCitizensInterviewed: 25982 });
    expect(text).toContain('The pilot interviewed 25 982 citizens in all provinces.');
    expect(text).toContain('Gather feedback');
    expect(text).not.toMatch(/[#*|<>]|import|\/knowledge/);
  });
});

describe('mdxToPlainText, reading the MDX as the build does', () => {
  const body = [
    "import Fact from '../../src/components/knowledge/Fact.astro';",
    'export const meta = { draft: false };',
    '',
    '## Stock-outs at *the* clinic',
    '',
    'Form number: \\_\\_\\_\\_\\_\\_\\_\\_ and 5 \\* 3 \\[sic\\] {1 + 1}',
    '',
    '1. First step with `code`',
    '2. Second step',
    '',
    '- [ ] Vehicles [ ] Computers',
    '',
    '```js',
    'const hidden = true;',
    '```',
    '',
    '<Fact name="pilotStations" /> stations took part.',
  ].join('\n');
  const text = mdxToPlainText(body, { pilotStations: 5 });

  it('shows no Markdown escapes', () => {
    expect(text).not.toContain('\\');
    expect(text).toContain('5 * 3 [sic]');
  });

  it('leaves out imports, exports, expressions, code blocks and components, keeping facts', () => {
    expect(text).not.toMatch(/import|export|Fact|draft|hidden|\{|1 \+ 1/);
    expect(text).toContain('5 stations took part.');
  });

  it('keeps headings and list items as lines of text', () => {
    expect(text.split('\n')).toEqual(
      expect.arrayContaining(['Stock-outs at the clinic', 'First step with code', 'Second step']),
    );
    expect(text).toContain('Vehicles [ ] Computers');
  });

  it('shortens a form blank to three underscores', () => {
    expect(text).toContain('Form number: ___ and');
  });
});

describe('mdxHeadings', () => {
  it('lists second- and third-level headings only', () => {
    expect(mdxHeadings('# Title\n## One\ntext\n### Two *emphasis*\n#### Three')).toEqual(['One', 'Two emphasis']);
  });
});
