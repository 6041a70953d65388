import { describe, expect, it } from 'vitest';
import { mdxHeadings, mdxToPlainText } from '../../../src/lib/knowledge/plain-text.ts';

describe('mdxToPlainText', () => {
  it('fills in facts, keeps link text and drops markup', () => {
    const body = [
      "import X from './x.astro';",
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

describe('mdxHeadings', () => {
  it('lists second- and third-level headings only', () => {
    expect(mdxHeadings('# Title\n## One\ntext\n### Two *emphasis*\n#### Three')).toEqual(['One', 'Two emphasis']);
  });
});
