import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/services/accounts/demo-accounts.ts';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  signedInPage,
  textsOf,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();
const PHONE = { width: 390, height: 844 };

function demoAccount(email: string) {
  const account = DEMO_ACCOUNTS.find((demo) => demo.email.startsWith(`${email}@`));
  if (!account) throw new Error(`There is no demo account ${email}.`);
  return account;
}

const ANALYST_PANELS = [
  'Proposed for escalation',
  'Personal data to review',
  'Imports of the last seven days',
  'Clustering runs of the last seven days',
  'To follow up',
];

/** The start-page headings each role reads above the national figures (none of another role's). */
const EXPECTED: Record<string, { headings: (string | RegExp)[] }> = {
  facilitator: { headings: ['Your facilities'] },
  analyst: { headings: ANALYST_PANELS },
  // The administrator's "To follow up" also counts the mails that could not be sent.
  admin: { headings: ANALYST_PANELS },
  // An official's inbox counts come first: the cases are what the department must act on.
  saps: { headings: ['Your department’s systemic cases', /^Your department: /] },
  partner: { headings: ['What citizen-based monitoring is'] },
};

describe.skipIf(skipReason !== null)(`start pages in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));

  async function startPageAs(email: string | null, { javaScriptEnabled = false } = {}): Promise<Page> {
    const page = email
      ? await signedInPage(session.browser, session.app.url, demoAccount(email), { javaScriptEnabled })
      : await (await session.browser.newContext({ javaScriptEnabled })).newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${session.app.url}/`);
    return page;
  }

  /** The panel headings between the page title and the national figures. */
  const panelHeadings = (page: Page) => textsOf(page.locator('.start-panel h2'));

  for (const [email, { headings }] of Object.entries(EXPECTED)) {
    it(`shows the ${email} start page above the national figures, at 390 px without JavaScript`, async () => {
      const page = await startPageAs(email);
      const read = await panelHeadings(page);
      expect(read).toHaveLength(headings.length);
      headings.forEach((heading, index) => expect(read[index]).toMatch(heading));
      // The national figures stay, below the panels.
      const allHeadings = await textsOf(page.locator('main h2'));
      expect(allHeadings.indexOf('The programme in numbers')).toBe(headings.length);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      // Every link of the panels opens for this role.
      const hrefs = new Set(
        (
          await page.locator('.start-panel a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))
        ).filter((href): href is string => href !== null && !href.includes('#')),
      );
      expect(hrefs.size).toBeGreaterThan(0);
      for (const href of hrefs) {
        const response = await page.goto(`${session.app.url}${href}`);
        expect(response?.status(), href).toBe(200);
      }
      await page.context().close();

      const scripted = await startPageAs(email, { javaScriptEnabled: true });
      expect(await accessibilityViolationsOf(scripted)).toEqual([]);
      await scripted.context().close();
    });
  }

  it('shows a facilitator only their own facilities, each with its rounds’ current step', async () => {
    const page = await startPageAs('facilitator');
    const facilities = await textsOf(page.locator('.start-facilities h3'));
    expect(facilities.toSorted()).toEqual(['Kabokweni Clinic', 'Kabokweni Police Station', 'Msogwaba Clinic']);
    const rounds = await textsOf(page.locator('.start-facilities li li'));
    for (const round of rounds) expect(round).toMatch(/wave \d+: step [1-3] of 3, /);
    await page.context().close();
  });

  it('tells an administrator whether mails could not be sent', async () => {
    const page = await startPageAs('admin');
    const followUps = await textsOf(page.locator('[aria-labelledby="follow-up"] li'));
    expect(followUps).toHaveLength(2);
    expect(followUps[1]).toMatch(/mail/);
    await page.context().close();
  });

  it('tells the public what CBM is and links the toolkit and how to take part', async () => {
    const page = await startPageAs(null);
    expect(await panelHeadings(page)).toEqual(['What citizen-based monitoring is']);
    const links = page.locator('.start-panel a');
    expect(await textsOf(links)).toEqual(['Read the CBM toolkit', 'How to take part']);
    await page.click('text=How to take part');
    expect(page.url()).toMatch(/\/knowledge\/toolkit\/overview#who-takes-part$/);
    expect(await page.locator('#who-takes-part').count()).toBe(1);
    await page.context().close();
  });
});
