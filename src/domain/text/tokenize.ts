import lunr from 'lunr';

/**
 * Words as lunr's pipeline sees them: split on white space and hyphens, trimmed of punctuation,
 * lower-cased, stop words removed, stemmed ("vehicles" and "vehicle" both give "vehicl"). The
 * knowledge-base search and the clustering of local issues share it, so both read words alike.
 */
export function tokenize(text: string): string[] {
  return stemmedWords(text).map(({ stem }) => stem);
}

const beforeStemming = new lunr.Pipeline();
beforeStemming.add(lunr.trimmer, lunr.stopWordFilter);

/**
 * What lunr's pipeline makes of each token, remembered: a large text collection repeats the same few
 * thousand words millions of times, and the stemmer is the slow part. Bounded, so that it cannot grow
 * without limit on endless new words.
 */
const stemOfToken = new Map<string, { stem: string; word: string } | null>();
const REMEMBERED_TOKENS = 200_000;

function stemmed(raw: string): { stem: string; word: string } | null {
  const known = stemOfToken.get(raw);
  if (known !== undefined) return known;
  const [kept] = beforeStemming.run([new lunr.Token(raw, {})]);
  const word = kept === undefined ? '' : String(kept);
  const stem = word === '' ? '' : String(lunr.stemmer(new lunr.Token(word, {})));
  const result = stem.length > 0 ? { stem, word } : null;
  if (stemOfToken.size >= REMEMBERED_TOKENS) stemOfToken.clear();
  stemOfToken.set(raw, result);
  return result;
}

/**
 * The same, with each stem's word as written (lower-cased), so that explanations can show words. The text is
 * split as `lunr.tokenizer` splits it (lower case, at white space and hyphens), without the token objects and
 * their metadata it makes for a search index: clustering reads millions of words.
 */
export function stemmedWords(text: string): { stem: string; word: string }[] {
  const words: { stem: string; word: string }[] = [];
  for (const raw of text.toLowerCase().split(lunr.tokenizer.separator)) {
    if (raw === '') continue;
    const found = stemmed(raw);
    if (found) words.push(found);
  }
  return words;
}

/**
 * The words of what someone typed into a search box, before stemming: lower-cased letters and
 * digits only, so that no character of theirs reaches lunr's query syntax (":", "*", "^", "~", "+"),
 * and no longer than a real word (fuzzy matching of a 5,000-letter "word" would exhaust memory).
 */
export function queryWords(text: string, maxWords = 12, maxLength = 40): string[] {
  const words = text
    .slice(0, 500)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, maxLength));
  return [...new Set(words)].slice(0, maxWords);
}

/**
 * The words a full-text search of local issues looks for: letters and digits, lower-cased, without
 * stop words ("or", "the"), so that SQLite and PostgreSQL read the same query alike.
 */
export function fullTextWords(text: string, maxWords = 16): string[] {
  return queryWords(text, maxWords * 2)
    .filter((word) => lunr.stopWordFilter(new lunr.Token(word, {})) !== undefined)
    .slice(0, maxWords);
}
