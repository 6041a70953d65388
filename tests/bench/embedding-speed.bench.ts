// npm run bench -- tests/bench/embedding-speed.bench.ts
// The sentence encoder's speed by the texts' length, on one thread and on both cores (embedOnAllCores): texts
// per second for short (customer queries, some 50 characters), medium (CBM local issues, some 130) and long
// texts (CBM issues joined up to the 500 characters the encoder reads), and the speed-up of two threads. Say
// the machine's load (`uptime`) beside the figures: the encoder takes a whole core per thread.
import { test } from 'vitest';
import { semanticTextOf, SEMANTIC_TEXT_LENGTH } from '../../src/domain/clustering/semantic.ts';
import { embedOnAllCores } from '../../src/server/clustering/parallel-embedding.ts';
import { loadSentenceEncoder } from '../../src/server/clustering/sentence-encoder.ts';
import { loadLabelledSet } from '../support/clustering-fixtures.ts';

const TEXTS = 240;

function textsOfLength(): Record<'short' | 'medium' | 'long', string[]> {
  const queries = loadLabelledSet('customer-queries').records.map(semanticTextOf);
  const issues = loadLabelledSet('cbm-local-issues').records.map(semanticTextOf);
  const long: string[] = [];
  for (let at = 0; long.length < TEXTS;) {
    let text = '';
    while (text.length < SEMANTIC_TEXT_LENGTH - 20) text += `${issues[at++ % issues.length]!} `;
    long.push(semanticTextOf({ title: '', description: text }));
  }
  return { short: queries.slice(0, TEXTS), medium: issues.slice(0, TEXTS), long };
}

test(
  'the encoder’s texts per second by length, on one thread and on both cores',
  { timeout: 20 * 60_000 },
  async () => {
    const encoder = await loadSentenceEncoder();
    const rows: Record<string, Record<string, number>> = {};
    for (const [length, texts] of Object.entries(textsOfLength())) {
      let started = performance.now();
      await encoder.embed(texts);
      const one = texts.length / ((performance.now() - started) / 1000);
      started = performance.now();
      await embedOnAllCores(texts, undefined, 2, 0);
      const two = texts.length / ((performance.now() - started) / 1000);
      const characters = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
      rows[length] = {
        characters: Math.round(characters),
        'texts/s, one thread': Number(one.toFixed(1)),
        'texts/s, two threads': Number(two.toFixed(1)),
        'speed-up': Number((two / one).toFixed(2)),
      };
    }
    console.table(rows);
  },
);
