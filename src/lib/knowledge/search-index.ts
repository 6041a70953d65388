import lunr from 'lunr';
import type { KnowledgeKind } from './frontmatter.ts';
import { mdxHeadings, mdxToPlainText, type FactValues } from './plain-text.ts';
import type { KnowledgeSource } from './read-pages.ts';

export interface IndexedPage {
  id: string;
  url: string;
  title: string;
  summary: string;
  kind: KnowledgeKind;
  visibility: 'public' | 'partners';
  tags: string[];
  /** The page's text, for snippets. */
  text: string;
}

export interface KnowledgeIndexFile {
  /** lunr's serialised index. */
  index: object;
  pages: IndexedPage[];
}

export interface TaxonomyTerms {
  /** Names and synonyms of each tag slug, so that a page tagged "stock-out" is found by "no medication". */
  [slug: string]: string[];
}

/** Public pages live under /knowledge/, partner pages under /knowledge/partners/ (rendered per request). */
export function urlOfPage(id: string, visibility: 'public' | 'partners'): string {
  return visibility === 'public' ? `/knowledge/${id}` : `/knowledge/partners/${id}`;
}

/** A word written with hyphens between letters or digits: "stock-out", "out-of-stock", "24-hour". */
const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;

/** A hyphenated word as one word, as the search reads it from the query too: "stock-outs" -> "stockouts". */
export const joinHyphenated = (text: string) => text.replace(HYPHENATED, (word) => word.replaceAll('-', ''));

/**
 * lunr's tokens (split on spaces and hyphens), and each hyphenated word once more joined, at the whole
 * word's place: "stock-outs" is then found as one word, and highlighted whole, never as its "out".
 */
function tokenizeWithHyphenatedWords(value?: unknown, metadata?: object): lunr.Token[] {
  // lunr passes the field's metadata as a second argument, which @types/lunr does not declare.
  const tokenizer = lunr.tokenizer as (value: unknown, metadata?: object) => lunr.Token[];
  const tokens = tokenizer(value, metadata);
  if (typeof value !== 'string') return tokens;
  for (const match of value.matchAll(HYPHENATED)) {
    const position = [match.index, match[0].length];
    const joined = joinHyphenated(match[0]).toLowerCase();
    tokens.push(new lunr.Token(joined, { ...metadata, position, index: tokens.length }));
  }
  return tokens;
}

/** Field boosts: a word in the title says more about a page than the same word in its body. */
const FIELDS = { title: 10, headings: 5, tags: 4, summary: 3, body: 1 } as const;

export function buildKnowledgeIndex(
  sources: KnowledgeSource[],
  facts: FactValues,
  terms: TaxonomyTerms,
): KnowledgeIndexFile {
  const pages: IndexedPage[] = sources.map((source) => ({
    id: source.id,
    url: urlOfPage(source.id, source.frontmatter.visibility),
    title: source.frontmatter.title,
    summary: source.frontmatter.summary,
    kind: source.frontmatter.kind,
    visibility: source.frontmatter.visibility,
    tags: source.frontmatter.tags,
    text: mdxToPlainText(source.body, facts),
  }));
  const index = lunr(function () {
    this.tokenizer = tokenizeWithHyphenatedWords as typeof lunr.tokenizer;
    this.ref('id');
    for (const [field, boost] of Object.entries(FIELDS)) this.field(field, { boost });
    // Positions let the search page cut a snippet around the words that matched.
    this.metadataWhitelist = ['position'];
    sources.forEach((source, position) => {
      this.add({
        id: source.id,
        title: source.frontmatter.title,
        headings: mdxHeadings(source.body).join('\n'),
        tags: source.frontmatter.tags.flatMap((slug) => [slug.replace(/-/g, ' '), ...(terms[slug] ?? [])]).join('\n'),
        summary: source.frontmatter.summary,
        body: pages[position]!.text,
      });
    });
  });
  return { index: index.toJSON(), pages };
}
