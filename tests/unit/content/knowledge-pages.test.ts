import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import facts from '../../../content/facts.json' with { type: 'json' };
import { readKnowledgeSources } from '../../../src/lib/knowledge/read-pages.ts';

const CONTENT = fileURLToPath(new URL('../../../content', import.meta.url));
const pages = readKnowledgeSources(CONTENT);
const ids = new Set(pages.map((page) => page.id));
const ofKind = (kind: string) => pages.filter((page) => page.frontmatter.kind === kind);
const text = (page: (typeof pages)[number]) => `${page.frontmatter.title} ${page.frontmatter.summary} ${page.body}`;

describe('the knowledge pages', () => {
  it('have valid frontmatter, known tags and related pages that exist', () => {
    for (const page of pages) {
      for (const related of page.frontmatter.related)
        expect(ids, `${page.id} relates to ${related}`).toContain(related);
    }
  });

  it('link to knowledge pages at the address that serves them: public pages at /knowledge, partners’ under /knowledge/partners', () => {
    const visibilityOf = new Map(pages.map((page) => [page.id, page.frontmatter.visibility]));
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target = ''] of page.body.matchAll(/\]\((\/knowledge[^)#?\s]*)/g)) {
        const path = target.replace(/\/$/, '');
        if (path === '/knowledge' || path === '/knowledge/partners' || /^\/knowledge\/(tag|step|sector)\//.test(path))
          continue;
        const partners = path.startsWith('/knowledge/partners/');
        const id = path.slice(partners ? '/knowledge/partners/'.length : '/knowledge/'.length);
        if (visibilityOf.get(id) !== (partners ? 'partners' : 'public')) broken.push(`${page.id} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('cover the toolkit: an overview and one page per step of the method', () => {
    const toolkit = ofKind('toolkit');
    expect(toolkit.some((page) => page.frontmatter.step === undefined)).toBe(true);
    expect(new Set(toolkit.map((page) => page.frontmatter.step).filter(Boolean))).toEqual(new Set([1, 2, 3]));
  });

  it('hold at least six guides, the five case studies and the strategy', () => {
    expect(ofKind('guide').length).toBeGreaterThanOrEqual(6);
    const studies = ofKind('case_study').map(text).join('\n');
    for (const subject of [/national pilot/i, /SAPS/, /Kabokweni/, /Umsobomvu/, /Open Government Partnership/]) {
      expect(studies).toMatch(subject);
    }
    const strategy = ofKind('strategy').map(text).join('\n');
    for (const area of ['KSA 1', 'KSA 2', 'KSA 3']) expect(strategy).toContain(area);
  });

  it('quote the report’s figures through <Fact>, never as typed numbers', () => {
    const figures = Object.entries(facts)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] >= 100)
      .flatMap(([, value]) => [String(value), String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')]);
    for (const page of pages) {
      const prose = page.body.replace(/<Fact[^>]*\/>/g, '');
      for (const figure of figures)
        expect(prose, `${page.id} types ${figure}`).not.toMatch(new RegExp(`(?<![\\d.])${figure}(?![\\d])`));
    }
  });

  it('name only facts that exist', () => {
    for (const page of pages) {
      for (const [, name] of page.body.matchAll(/<Fact name="([^"]+)"/g))
        expect(Object.keys(facts), page.id).toContain(name);
    }
  });
});
