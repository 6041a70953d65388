import lunr from 'lunr';
import { queryWords } from '../../domain/text/tokenize.ts';
import { joinHyphenated, type IndexedPage, type KnowledgeIndexFile } from './search-index.ts';

export interface LoadedKnowledgeIndex {
  index: lunr.Index;
  pages: Map<string, IndexedPage>;
}

export function loadKnowledgeIndex(file: KnowledgeIndexFile): LoadedKnowledgeIndex {
  return { index: lunr.Index.load(file.index), pages: new Map(file.pages.map((page) => [page.id, page])) };
}

/** A piece of snippet text; `isMatch` pieces are shown highlighted. */
export interface SnippetPart {
  text: string;
  isMatch: boolean;
}

export interface SearchHit {
  id: string;
  url: string;
  title: string;
  kind: IndexedPage['kind'];
  score: number;
  snippet: SnippetPart[];
}

const SNIPPET_RADIUS = 90;

type Positions = [number, number][];

function positionsIn(matchData: lunr.MatchData, field: string): Positions {
  const found: Positions = [];
  for (const fields of Object.values(matchData.metadata)) {
    const position = (fields as Record<string, { position?: Positions }>)[field]?.position;
    if (position) found.push(...position);
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** About 180 characters of the text around its first match, with every match in it marked. */
export function snippetAround(text: string, positions: Positions): SnippetPart[] {
  const [first] = positions;
  if (!first) return [{ text: text.slice(0, SNIPPET_RADIUS * 2).trim(), isMatch: false }];
  let start = Math.max(0, first[0] - SNIPPET_RADIUS);
  let end = Math.min(text.length, first[0] + first[1] + SNIPPET_RADIUS);
  // Cut at word boundaries so that no word is shown in half.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > first[0] + first[1] ? text.lastIndexOf(' ', end) : end;
  const parts: SnippetPart[] = [];
  let cursor = start;
  for (const [at, length] of positions) {
    if (at < cursor || at + length > end) continue;
    if (at > cursor) parts.push({ text: text.slice(cursor, at), isMatch: false });
    parts.push({ text: text.slice(at, at + length), isMatch: true });
    cursor = at + length;
  }
  if (cursor < end) parts.push({ text: text.slice(cursor, end), isMatch: false });
  if (start > 0) parts.unshift({ text: '… ', isMatch: false });
  if (end < text.length) parts.push({ text: ' …', isMatch: false });
  return parts.map((part) => ({ ...part, text: part.text.replace(/\s+/g, ' ') }));
}

/**
 * Pages matching what someone typed, best first. The query is built term by term, never through
 * lunr's query parser: exact (stemmed) matches weigh most, then words that start with what was typed
 * (as-you-type), then near misses (one letter off, in words of five letters or more) for misspellings.
 * A hyphenated word is one word, as the index holds it: "stock-outs" finds "stock-out(s)", not "out".
 */
export function searchKnowledge(
  loaded: LoadedKnowledgeIndex,
  text: string,
  { mayReadPartnerPages, limit = 20 }: { mayReadPartnerPages: boolean; limit?: number },
): SearchHit[] {
  const words = queryWords(joinHyphenated(text));
  if (words.length === 0) return [];
  const results = loaded.index.query((query) => {
    for (const word of words) {
      query.term(word, { boost: 10 });
      if (word.length >= 3) query.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 3 });
      // One letter off reaches unrelated short words ("outs" ~ "put"), and fuzzy matching grows fast with
      // the word's length, so only words of five to twenty letters get it.
      if (word.length >= 5 && word.length <= 20) {
        // Indexed words are stemmed, so the near miss is measured from the stem: "garrage" -> "garrag" ~ "garag".
        const stem = lunr.stemmer(new lunr.Token(word, {})).toString();
        query.term(stem, { usePipeline: false, editDistance: 1, boost: 1 });
      }
    }
  });
  const hits: SearchHit[] = [];
  for (const result of results) {
    const page = loaded.pages.get(result.ref);
    if (!page || (page.visibility === 'partners' && !mayReadPartnerPages)) continue;
    const bodyPositions = positionsIn(result.matchData, 'body');
    hits.push({
      id: page.id,
      url: page.url,
      title: page.title,
      kind: page.kind,
      score: result.score,
      snippet:
        bodyPositions.length > 0
          ? snippetAround(page.text, bodyPositions)
          : snippetAround(page.summary, positionsIn(result.matchData, 'summary')),
    });
    if (hits.length >= limit) break;
  }
  return hits;
}
