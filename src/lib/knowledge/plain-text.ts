/** A facts.json value, written as the Fact component writes it. */
export type FactValues = Record<string, string | number>;

const formatNumber = (value: number) => new Intl.NumberFormat('en-ZA').format(value).replace(/\s/g, ' ');

/**
 * The readable text of an MDX body, for the search index and its snippets: facts filled in, markup
 * and components removed, one line per block.
 */
export function mdxToPlainText(body: string, facts: FactValues): string {
  return body
    .replace(/^\s*(import|export)\s.*$/gm, '')
    .replace(/<Fact\s+name="([^"]+)"\s*\/>/g, (_match, name: string) => {
      const value = facts[name];
      return value === undefined ? '' : typeof value === 'number' ? formatNumber(value) : value;
    })
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/^\s*([-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/^>\s?/gm, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** The `##` and `###` headings of an MDX body, as plain text. */
export function mdxHeadings(body: string): string[] {
  return [...body.matchAll(/^#{2,3}\s+(.+)$/gm)].map((match) => (match[1] ?? '').replace(/[*_`]/g, '').trim());
}
