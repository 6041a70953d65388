import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OPEN_DATA_COLUMN_NAMES } from '../../src/domain/cases/open-data.ts';
import { IMPORT_COLUMNS } from '../../src/domain/imports/local-issue-rows.ts';
import { SETTING_NAMES } from '../../src/lib/env.ts';
import { DEMO_ACCOUNTS } from '../../src/server/services/accounts/demo-accounts.ts';
import { browserSkipReason, useAppInChromium } from '../support/browser.ts';
import { routeFiles, routeMatcher, routeOf } from '../support/routes.ts';

// Every role walks the site on a 390 px phone as a person would: from the start page, following links,
// opening one or two addresses of each route pattern it reaches (forms opened, never submitted), plus
// an address that does not exist. Each page must fit the screen, pass axe with no serious or critical
// violation, and show nothing meant for developers.

const skipReason = browserSkipReason();

const PHONE = { width: 390, height: 844 };
/** Addresses opened of each pattern: two by the first caller to reach it, one by each after (time). */
const ADDRESSES_PER_PATTERN = { first: 2, again: 1 };

/** Routes no link leads to, and why; every other route must be reached by some caller. */
const NOT_REACHED_BY_LINKS: Record<string, string> = {
  '/404': 'shown in place of an address that does not exist, opened here as /no-such-page',
  '/500': 'shown in place of a page that failed',
  '/api/trpc/[trpc]': 'the API, not a page',
  '/issues/export.csv': 'a download',
  '/facilities/export.csv': 'a download',
  '/clusters/export.csv': 'a download',
  '/commitments/overdue.csv': 'a download',
  '/dashboard/[table].csv': 'a download',
  '/taxonomy/export.json': 'a download',
  '/open311/v2/discovery.[format]': 'the Open311 API, not a page',
  '/open311/v2/requests.[format]': 'the Open311 API, not a page',
  '/open311/v2/requests/[id].[format]': 'the Open311 API, not a page',
  '/open311/v2/services.[format]': 'the Open311 API, not a page',
  '/open311/v2/services/[code].[format]': 'the Open311 API, not a page',
  '/open-data/cbm-public.zip': 'a download',
  '/open-data/cbm-public.json': 'a download',
  '/cases.atom': 'a feed, for feed readers',
  '/departments/[code]/cases.atom': 'a feed, for feed readers',
  '/provinces/[slug]/cases.atom': 'a feed, for feed readers',
  '/tags/[slug]/cases.atom': 'a feed, for feed readers',
  '/reset-password': 'opened from the e-mailed link',
  '/login/two-factor': 'opened after the password of an account with two-factor sign-in',
  '/logout': 'signing out is a button; the address only asks when opened',
};

/** Record keepers start with an import of theirs in the list (refused, so it changes no issue). */
const IMPORTERS: readonly string[] = ['admin', 'analyst', 'facilitator'];

/** Downloads, feeds and the API: followed by no visitor's browser as a page. */
const NOT_A_PAGE = /\.(csv|json|zip|atom)$|^\/api\//;

const CALLERS = [
  { name: 'anonymous' as const, account: undefined },
  ...DEMO_ACCOUNTS.map((account) => ({ name: account.email.split('@')[0]!, account })),
];

interface Finding {
  caller: string;
  address: string;
  problem: string;
}

/** What a person must never read: a stack, a validation library's dump, a code name from the database. */
function developerTextIn(text: string): string[] {
  const found: string[] = [];
  const stack = /^\s*at .+:\d+:\d+\)?$|\b\w*(Type|Reference|Syntax|Prisma\w*)Error\b/m.exec(text);
  if (stack) found.push(`a stack trace or error class ("${stack[0].trim()}")`);
  const dump =
    /"(code|path|expected|message)"\s*:|\b(invalid_type|too_small|too_big|invalid_format|ZodError)\b|\[object Object\]|\bundefined\b|\bNaN\b/.exec(
      text,
    );
  if (dump) found.push(`a raw value or validation dump ("${dump[0]}")`);
  // Addresses, file names and URLs have dots and underscores of their own; an import's report names the
  // file's columns as the file spells them (docs/IMPORT-FORMAT.md), the outbox the setting to set, and the open
  // data's dictionary its columns.
  const words = text
    .replace(/\S*[@/]\S*|\b[\w-]+\.(csv|json|mdx?|txt|zip|db)\b/g, ' ')
    .replace(
      new RegExp(`\\b(${[...IMPORT_COLUMNS, ...SETTING_NAMES, ...OPEN_DATA_COLUMN_NAMES].join('|')})\\b`, 'g'),
      ' ',
    );
  // sign_in.succeeded, external_ref, DEMO_ACCOUNTS
  const code = /\b[a-z]{3,}(?:_[a-z]+)*\.[a-z]{3,}(?:_[a-z]+)*\b|\b[a-z]+_[a-z_]+\b|\b[A-Z]+_[A-Z_]+\b/.exec(words);
  if (code) found.push(`a code name ("${code[0]}")`);
  return found;
}

describe.skipIf(skipReason !== null)(
  `every page a role reaches, on a phone${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));
    const patterns = routeFiles().map(routeOf);
    const patternOf = routeMatcher(patterns);
    /** The patterns axe has read a page of, as any caller. */
    const axeChecked = new Set<string>();
    /** The patterns earlier callers reached. */
    const reached = new Set<string>();

    async function signedInPhone(browser: Browser, account: (typeof DEMO_ACCOUNTS)[number] | undefined): Promise<Page> {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      if (account) {
        await page.goto(`${session.app.url}/login`);
        await page.fill('input[name="email"]', account.email);
        await page.fill('input[name="password"]', account.password);
        await Promise.all([
          page.waitForURL((url) => !url.pathname.startsWith('/login')),
          page.click('form.form button'),
        ]);
      }
      return page;
    }

    /** The problems on the page now open; axe only when asked, as it takes most of the time. */
    async function problemsOn(page: Page, status: number, expectedStatus: number, runAxe: boolean): Promise<string[]> {
      const problems: string[] = [];
      if (status !== expectedStatus) problems.push(`answered ${status}`);
      const { overflow, text, title, lang } = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        text: document.body.innerText,
        title: document.title,
        lang: document.documentElement.lang,
      }));
      if (overflow > 0) problems.push(`is ${overflow} px wider than the screen`);
      if (!title.trim() || !lang) problems.push('has no title or no language');
      problems.push(...developerTextIn(text));
      if (runAxe) {
        const analyze = () =>
          new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
            .options({ resultTypes: ['violations'] })
            .analyze();
        const results = await analyze().catch(async (error: unknown) => {
          // A job's progress page reloads itself when the job ends.
          if (!/Execution context was destroyed/.test(String(error))) throw error;
          await page.waitForLoadState('load');
          return analyze();
        });
        for (const violation of results.violations) {
          if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
          problems.push(`axe ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
        }
      }
      return problems;
    }

    /** Walks the caller's links breadth first; returns what was wrong and which patterns it reached. */
    async function walk(caller: (typeof CALLERS)[number]) {
      const page = await signedInPhone(session.browser, caller.account);
      const findings: Finding[] = [];
      const queued = new Map<string, number>();
      const seen = new Set<string>();
      const queue: string[] = [];
      const enqueue = (href: string) => {
        const url = new URL(href, session.app.url);
        if (url.origin !== new URL(session.app.url).origin || NOT_A_PAGE.test(url.pathname)) return;
        const address = `${url.pathname}${url.search}`;
        const pattern = patternOf(url.pathname);
        const limit = reached.has(pattern ?? '') ? ADDRESSES_PER_PATTERN.again : ADDRESSES_PER_PATTERN.first;
        if (!pattern || seen.has(address) || (queued.get(pattern) ?? 0) >= limit) return;
        seen.add(address);
        queued.set(pattern, (queued.get(pattern) ?? 0) + 1);
        queue.push(address);
      };
      if (IMPORTERS.includes(caller.account?.role ?? '')) {
        const response = await page.request.post(`${session.app.url}/issues/import`, {
          headers: { origin: session.app.url },
          multipart: { file: { name: 'refused.csv', mimeType: 'text/csv', buffer: Buffer.from('colour\nblue\n') } },
          maxRedirects: 0,
        });
        expect(response.status(), 'the refused import').toBe(303);
      }
      enqueue('/');
      // The search box is a form: its first results page.
      enqueue('/search?q=stock-outs');
      while (queue.length > 0) {
        const address = queue.shift()!;
        const response = await page.goto(`${session.app.url}${address}`);
        const pattern = patternOf(new URL(page.url()).pathname) ?? address;
        // axe takes most of the time: once a pattern, and on each caller's start page for its navigation.
        const runAxe = !axeChecked.has(pattern) || address === '/';
        axeChecked.add(pattern);
        const problems = await problemsOn(page, response?.status() ?? 0, 200, runAxe);
        findings.push(...problems.map((problem) => ({ caller: caller.name, address, problem })));
        for (const href of await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''))) {
          if (href && !href.startsWith('#') && !href.startsWith('mailto:')) enqueue(href);
        }
      }
      // An address that does not exist, as each caller sees it.
      const response = await page.goto(`${session.app.url}/no-such-page`);
      const problems = await problemsOn(page, response?.status() ?? 0, 404, !axeChecked.has('/404'));
      axeChecked.add('/404');
      findings.push(...problems.map((problem) => ({ caller: caller.name, address: '/no-such-page', problem })));
      await page.context().close();
      return { findings, reached: [...queued.keys()] };
    }

    it.each(CALLERS.map((caller) => [caller.name, caller] as const))(
      'lets %s reach its pages by links, each fitting a phone, accessible and in words',
      async (_, caller) => {
        const walked = await walk(caller);
        walked.reached.forEach((pattern) => reached.add(pattern));
        expect(walked.findings.map((f) => `${f.address}: ${f.problem}`)).toEqual([]);
      },
      // The first role to reach a pattern opens two of its addresses and runs axe: 60 s alone for the
      // administrator, twice that while other test files share the two cores.
      240_000,
    );

    it('reaches every page by links, but for those no link leads to', () => {
      expect(patterns.filter((pattern) => !reached.has(pattern) && !(pattern in NOT_REACHED_BY_LINKS))).toEqual([]);
    });
  },
);
