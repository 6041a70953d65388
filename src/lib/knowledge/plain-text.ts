import { mdxToMdast } from 'satteri';

/** A facts.json value, written as the Fact component writes it. */
export type FactValues = Record<string, string | number>;

const formatNumber = (value: number) => new Intl.NumberFormat('en-ZA').format(value).replace(/\s/g, ' ');

/** Nodes that hold no reading text: imports and exports, `{…}` expressions, code blocks, raw HTML. */
const SILENT = new Set(['mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'code', 'html', 'yaml', 'toml']);
/** Nodes that end a line of text, so that two blocks never run into one word. */
const BLOCKS = new Set(['heading', 'paragraph', 'listItem', 'tableRow', 'blockquote', 'thematicBreak']);

/** An mdast node as this reader sees it: only the fields it reads, each checked before use. */
interface Node {
  type: string;
  value?: unknown;
  name?: unknown;
  alt?: unknown;
  depth?: unknown;
  attributes?: unknown;
  children?: unknown;
}

function childrenOf(node: Node): Node[] {
  return Array.isArray(node.children) ? (node.children as Node[]) : [];
}

/** The value of `<Fact name="…" />`, as the page shows it. */
function factText(node: Node, facts: FactValues): string {
  const attributes = Array.isArray(node.attributes) ? (node.attributes as { name?: unknown; value?: unknown }[]) : [];
  const name = attributes.find((attribute) => attribute.name === 'name')?.value;
  const value = typeof name === 'string' ? facts[name] : undefined;
  return value === undefined ? '' : typeof value === 'number' ? formatNumber(value) : value;
}

function textOf(node: Node, facts: FactValues): string {
  if (SILENT.has(node.type)) return '';
  if ((node.type === 'mdxJsxTextElement' || node.type === 'mdxJsxFlowElement') && node.name === 'Fact') {
    return factText(node, facts);
  }
  if (node.type === 'text' || node.type === 'inlineCode') return typeof node.value === 'string' ? node.value : '';
  if (node.type === 'image') return typeof node.alt === 'string' ? node.alt : '';
  if (node.type === 'break') return ' ';
  const children = childrenOf(node).map((child) => textOf(child, facts));
  // Cells of a table row are read side by side.
  const text = node.type === 'tableRow' ? children.join(' ') : children.join('');
  return BLOCKS.has(node.type) ? `\n${text}\n` : text;
}

/** An MDX body as the build's own parser (satteri, which @astrojs/mdx uses) reads it. */
const treeOf = (body: string): Node => mdxToMdast(body) as unknown as Node;

/**
 * The readable text of an MDX body, for the search index and its snippets: facts filled in, markup,
 * escapes ("\_"), imports and components removed, one line per block (headings and list items kept as
 * text). Form blanks (a row of underscores) are shortened: they fill a snippet with nothing to read.
 */
export function mdxToPlainText(body: string, facts: FactValues): string {
  return textOf(treeOf(body), facts)
    .replace(/_{4,}/g, '___')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** The `##` and `###` headings of an MDX body, as plain text. */
export function mdxHeadings(body: string): string[] {
  const headings: string[] = [];
  const visit = (node: Node) => {
    if (node.type === 'heading') {
      if (node.depth === 2 || node.depth === 3) headings.push(textOf(node, {}).trim().replace(/\s+/g, ' '));
      return;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(treeOf(body));
  return headings;
}
