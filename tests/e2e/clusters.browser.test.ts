import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LIKENESS_THRESHOLDS, likenessWord } from '../../src/domain/clustering/likeness.ts';
import {
  accessibilityViolationsOf,
  browserSkipReason,
  DEMO_ACCOUNTS,
  signedInPage,
  textOf,
  textsOf,
  useAppInChromium,
} from '../support/browser.ts';

const skipReason = browserSkipReason();
/** Two of the seed's issues at Kabokweni Clinic, one of the demo facilitator's facilities. */
const KABOKWENI_STOCK_OUTS = [
  'Clinic often out of chronic medicines',
  'Chronic medication runs out before the next depot delivery',
];

describe.skipIf(skipReason !== null)(`clusters in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true' }));
  const signedIn = (account: { email: string; password: string }, options?: { javaScriptEnabled: boolean }) =>
    signedInPage(session.browser, session.app.url, account, options);
  const go = (page: Page, path: string) => page.goto(`${session.app.url}${path}`);

  /** Clicks and waits for the page the click leads to (a form post and its redirect), as without scripts. */
  async function submit(page: Page, selector: string) {
    await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  }

  /** The address of the cluster in row `index` of the list sorted by issues. */
  async function clusterPath(page: Page, index: number): Promise<string> {
    await go(page, '/clusters?view=problems&sort=issues');
    const href = await page.locator('table.clusters tbody tr td:first-child > a').nth(index).getAttribute('href');
    if (!href) throw new Error(`No cluster in row ${index + 1}`);
    return href;
  }

  /** Each "good match: 25% …" or "good match, 25% alike" shown has the word likenessWord gives its percentage. */
  function expectOneWordPerLikeness(texts: string[]) {
    for (const text of texts) {
      const found = /(close|good|loose|weak) match[:,] (\d+)%/.exec(text);
      if (!found) continue;
      const share = Number(found[2]) / 100;
      // A shown percentage is rounded: one within half a point of a threshold may be either side of it.
      if (Object.values(LIKENESS_THRESHOLDS).some((threshold) => Math.abs(share - threshold) < 0.005)) continue;
      expect(`${found[1]} match`, text).toBe(likenessWord(share));
    }
  }

  const memberCount = async (page: Page) =>
    Number(/\((\d+)\)/.exec((await page.locator('#members').textContent()) ?? '')?.[1]);

  it('shows the clusters of the first start, runs clustering again without JavaScript, and follows the run to the end', async () => {
    const page = await signedIn(DEMO_ACCOUNTS.analyst);
    // npm start queued a run over the pilot data, which the worker does within seconds.
    await expect
      .poll(
        async () => {
          await go(page, '/clusters?view=problems');
          return page.locator('table.clusters tbody tr').count();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBeGreaterThan(2);
    await expect(page.locator('#runs + p + .table-wrap').textContent()).resolves.toContain(
      'the system (first start, over the pilot data)',
    );
    await submit(page, '#runs ~ form button[type="submit"]');
    expect(page.url()).toMatch(/\/clusters\/runs\/[^/]+\?done=queued$/);
    const runPath = new URL(page.url()).pathname;
    // The first view is the waiting run; its meta refresh brings the outcome without any script.
    await expect(page.locator('.job-progress progress').count()).resolves.toBe(1);
    const outcome = page.locator('.success', { hasText: 'Clustering is done' });
    await outcome.waitFor({ timeout: 60_000 });
    await expect(textOf(outcome)).resolves.toMatch(/Clustering is done: 185 local issues read, \d+ clusters/);

    // The clusters page opens on the themes, each with its widest problems inside, widest spread first.
    await submit(page, 'a:text("Review the clusters")');
    const themeRows = page.locator('table.themes tbody tr');
    expect(await themeRows.count()).toBeGreaterThan(2);
    const themeFacilities = (await page.locator('table.themes tbody tr td:nth-child(3)').allTextContents()).map(Number);
    expect(themeFacilities).toEqual([...themeFacilities].sort((a, b) => b - a));
    expect(await page.locator('table.themes .theme-problems a[href^="/clusters/"]').count()).toBeGreaterThan(2);
    await expect(page.locator('table.themes').textContent()).resolves.toContain('Systemic candidate');

    await go(page, '/clusters?view=problems');
    const rows = page.locator('table.clusters tbody tr');
    const clusterCount = await rows.count();
    expect(clusterCount).toBeGreaterThan(2);
    const facilities = (await page.locator('table.clusters tbody tr td:nth-child(3)').allTextContents()).map(Number);
    expect(facilities).toEqual([...facilities].sort((a, b) => b - a));
    expect(await page.locator('table.clusters').textContent()).toContain('Systemic candidate');
    await expect(page.locator('#runs + p + .table-wrap tbody tr').count()).resolves.toBe(2);

    await go(page, '/clusters?view=problems&candidates=yes&province=mpumalanga');
    const filtered = await rows.allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(clusterCount);
    for (const row of filtered) expect(row).toContain('Systemic candidate');
    await expect(page.locator('input[name="candidates"]').isChecked()).resolves.toBe(true);
    await go(page, '/clusters?view=problems&sort=people&direction=asc');
    const people = (await page.locator('table.clusters tbody tr td:nth-child(5)').allTextContents()).map((text) =>
      Number(text.replace(/\s/g, '')),
    );
    expect(people).toEqual([...people].sort((a, b) => a - b));
    await expect(textOf(page.locator('th[aria-sort="ascending"]'))).resolves.toBe('People affected');

    const missing = await page.context().request.get(`${session.app.url}/clusters/no-such-cluster`);
    expect(missing.status()).toBe(404);
    await page.context().close();

    const checker = await signedIn(DEMO_ACCOUNTS.analyst, { javaScriptEnabled: true });
    for (const path of [
      '/clusters',
      '/clusters?view=problems',
      '/clusters/rule',
      await clusterPath(checker, 0),
      runPath,
    ]) {
      await go(checker, path);
      expect(await accessibilityViolationsOf(checker), path).toEqual([]);
    }
    // With JavaScript the meta refresh is off: the page follows a second run by asking cluster.run itself.
    await go(checker, '/clusters');
    await submit(checker, '#runs ~ form button[type="submit"]');
    await expect(checker.locator('.job-progress progress').count()).resolves.toBe(1);
    expect(await accessibilityViolationsOf(checker), 'a running run').toEqual([]);
    await checker.locator('.success', { hasText: 'Clustering is done' }).waitFor({ timeout: 60_000 });
    await checker.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/clusters', '/clusters?view=problems', await clusterPath(checker, 0)]) {
      await go(checker, path);
      const overflow = await checker.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `sideways scrolling on a phone: ${path}`).toBeLessThanOrEqual(0);
    }
    await checker.context().close();
  }, 120_000);

  it('confirms, renames, splits off an issue and merges it back, each without JavaScript', async () => {
    const page = await signedIn(DEMO_ACCOUNTS.analyst);
    const path = await clusterPath(page, 0);
    await go(page, path);
    const issues = await memberCount(page);
    expect(issues).toBeGreaterThan(2);
    await expect(textOf(page.locator('h2#why + dl'))).resolves.toMatch(/Weightiest words \S/);
    await expect(page.locator('select[name="intoClusterId"] optgroup').first().getAttribute('label')).resolves.toBe(
      'Most like this cluster',
    );
    const likeness = await textsOf(page.locator('.member-facts .similarity'));
    expect(likeness).toHaveLength(issues);
    for (const text of likeness) expect(text).toMatch(/^\s*(close|good|loose|weak) match: \d+% like the others$/);
    expectOneWordPerLikeness(likeness);
    expectOneWordPerLikeness(await page.locator('select[name="intoClusterId"] option').allTextContents());
    await expect(page.locator('.likeness-scale').count()).resolves.toBe(1);

    await submit(page, 'button:text("Confirm the cluster")');
    expect(page.url()).toMatch(/\?done=confirm$/);
    await expect(textOf(page.locator('.lead'))).resolves.toMatch(/^Confirmed/);
    expect(await page.locator('.members .badge', { hasText: 'placed by an analyst' }).count()).toBe(issues);

    await page.fill('form[aria-labelledby="rename"] input[name="label"]', 'x');
    await submit(page, 'button:text("Save the name")');
    await expect(textOf(page.locator('#rename-label-error'))).resolves.toBe(
      'Error: Enter a name of 3 characters or more',
    );
    await page.fill('form[aria-labelledby="rename"] input[name="label"]', 'Medicines run out between deliveries');
    await submit(page, 'button:text("Save the name")');
    await expect(textOf(page.locator('h1'))).resolves.toBe('Medicines run out between deliveries');

    const leaving = await textOf(page.locator('.members li a').first());
    await page.locator('.members input[type="checkbox"]').first().check();
    await page.fill('fieldset.split-off input[name="label"]', 'A problem of its own');
    await submit(page, 'button:text("Split off the ticked issues")');
    expect(page.url()).toMatch(/\?done=split$/);
    await expect(memberCount(page)).resolves.toBe(issues - 1);
    // One issue split off stands alone: the page says so and where the list shows it.
    await expect(page.locator('.success').textContent()).resolves.toContain(
      'The ticked issue now stands alone, in a cluster of its own.',
    );
    const singles = await page.locator('.success a:text("single issues")').getAttribute('href');
    expect(singles).toBe('/clusters?size=single');
    const splitBack = page.url();
    await go(page, singles!);
    await expect(page.locator('table.clusters tbody').textContent()).resolves.toContain('A problem of its own');
    await page.goto(splitBack);
    await submit(page, '.success a:text("Open that cluster")');
    await expect(textOf(page.locator('h1'))).resolves.toBe('A problem of its own');
    await expect(textOf(page.locator('.members li a').first())).resolves.toBe(leaving);
    const splitPath = new URL(page.url()).pathname;

    // The clusters most like this one come first, with how alike they are; the option names the size either way.
    const mergeOption = page.locator('select[name="intoClusterId"] option', {
      hasText: `Medicines run out between deliveries (${issues - 1} issues`,
    });
    await page.selectOption('select[name="intoClusterId"]', (await mergeOption.getAttribute('value'))!);
    await submit(page, 'button:text("See what the merge does")');
    await expect(textOf(page.locator('#merge-check'))).resolves.toBe(
      'Merge into “Medicines run out between deliveries”?',
    );
    await expect(page.locator('.merge-plan').textContent()).resolves.toContain('The 1 issue of this cluster');
    await submit(page, 'button:text("Merge into")');
    expect(page.url()).toBe(`${session.app.url}${path}?done=merged-in`);
    await expect(memberCount(page)).resolves.toBe(issues);
    await expect(textOf(page.locator('.audit-events'))).resolves.toMatch(
      /Merged another cluster into this one[\s\S]*Issues moved: 1[\s\S]*Split issues off the cluster into a new one[\s\S]*Renamed the cluster[\s\S]*Confirmed the cluster as one problem/,
    );

    const moving = await textOf(page.locator('select[name="localIssueId"] option').first());
    await submit(page, 'button:text("Move the issue")');
    expect(page.url()).toMatch(/\?done=move$/);
    await expect(memberCount(page)).resolves.toBe(issues - 1);
    await submit(page, '.success a:text("Open that cluster")');
    expect(await textsOf(page.locator('.members li a'))).toContain(moving.replace(/ \([^)]*\)$/, ''));

    await go(page, splitPath);
    await expect(page.locator('.notice').textContent()).resolves.toContain(
      'It lives on as Medicines run out between deliveries',
    );
    await submit(page, '.notice a');
    expect(new URL(page.url()).pathname).toBe(path);
    await page.context().close();
  }, 60_000);

  it('names a theme and moves a problem to another theme without JavaScript, on a phone', async () => {
    const page = await signedIn(DEMO_ACCOUNTS.analyst);
    await page.setViewportSize({ width: 390, height: 844 });
    const fitsThePhone = async () =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
    // The first start's clustering run may still be under way.
    await expect
      .poll(
        async () => {
          await go(page, '/clusters');
          return page.locator('table.themes tbody tr').count();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBeGreaterThan(2);
    await submit(page, 'table.themes tbody tr:first-child td:first-child > a');
    const themePath = new URL(page.url()).pathname;
    expect(themePath).toMatch(/^\/clusters\/themes\/[^/]+$/);
    await fitsThePhone();
    await expect(textOf(page.locator('h2#problems')), await page.locator('main').innerText()).resolves.toBe('Problems');

    await page.fill('form[aria-labelledby="rename"] input[name="label"]', 'x');
    await submit(page, 'button:text("Save the name")');
    await expect(page.locator('.errors').textContent()).resolves.toContain('Enter a name of 3 characters or more');
    await page.fill('form[aria-labelledby="rename"] input[name="label"]', 'Buildings, water and transport');
    await submit(page, 'button:text("Save the name")');
    expect(page.url()).toMatch(/\?done=rename$/);
    await expect(textOf(page.locator('h1'))).resolves.toBe('Buildings, water and transport');

    await submit(page, 'table:has(caption:text-matches("^Problems of")) tbody tr:first-child a');
    const problemPath = new URL(page.url()).pathname;
    await expect(textOf(page.locator('p:has-text("Theme:")'))).resolves.toBe('Theme: Buildings, water and transport');
    await fitsThePhone();
    const target = page.locator('select[name="toThemeId"] option:not([value=""])').first();
    const targetName = (await textOf(target)).replace(/ \(\d+ issues?\)$/, '');
    await page.selectOption('select[name="toThemeId"]', (await target.getAttribute('value'))!);
    await submit(page, 'button:text("Move the problem")');
    expect(page.url()).toMatch(/\?done=theme$/);
    await expect(textOf(page.locator('p:has-text("Theme:")'))).resolves.toBe(
      `Theme: ${targetName} (moved there by an analyst)`,
    );
    await go(page, themePath);
    expect(await page.locator(`table a[href="${problemPath}"]`).count()).toBe(0);
    await expect(page.locator('.audit-events').innerText()).resolves.toContain('Moved a problem out of the theme');
    await page.context().close();

    const checker = await signedIn(DEMO_ACCOUNTS.analyst, { javaScriptEnabled: true });
    await go(checker, themePath);
    expect(await accessibilityViolationsOf(checker), themePath).toEqual([]);
    await checker.context().close();
  });

  it('refuses a decision made on a stale page, saying who changed what', async () => {
    const first = await signedIn(DEMO_ACCOUNTS.analyst);
    const path = await clusterPath(first, 1);
    await go(first, path);
    const second = await first.context().newPage();
    await go(second, path);

    await first.fill('form[aria-labelledby="rename"] input[name="label"]', 'Named in the first tab');
    await submit(first, 'button:text("Save the name")');
    await second.fill('textarea[name="note"]', 'Two different problems');
    const [answer] = await Promise.all([
      second.waitForResponse((response) => response.request().method() === 'POST'),
      second.click('button:text("Dismiss the cluster")'),
    ]);
    expect(answer.status()).toBe(409);
    await second.waitForLoadState('load');
    await expect(textOf(second.locator('.errors'))).resolves.toMatch(
      /Someone saved this cluster after you opened it, so your change was not saved: Demo Analyst \(DPME CBM analyst\) changed the name/,
    );
    // What was typed stays, and the page now holds the newer version: the same decision goes through.
    await expect(second.locator('textarea[name="note"]').inputValue()).resolves.toBe('Two different problems');
    await submit(second, 'button:text("Dismiss the cluster")');
    await expect(textOf(second.locator('.lead'))).resolves.toMatch(/^Dismissed/);
    await first.context().close();
  });

  it('hints at similar issues without JavaScript, keeping what was typed and hiding text from other facilities', async () => {
    const page = await signedIn(DEMO_ACCOUNTS.facilitator);
    await go(page, '/issues/new');
    await page.selectOption('select[name="facility"]', { label: 'Kabokweni Clinic (KIC-KABOKWENI-CLINIC)' });
    await submit(page, 'form.form button[type="submit"]');
    const newIssuePath = `${new URL(page.url()).pathname}${new URL(page.url()).search}`;
    await page.fill('input[name="title"]', 'Chronic medicines out of stock at the clinic again');
    await page.fill('textarea[name="description"]', 'Patients on chronic medication go home without their pills.');
    await submit(page, 'button:text("Check for similar issues")');

    expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(newIssuePath);
    await expect(page.locator('input[name="title"]').inputValue()).resolves.toBe(
      'Chronic medicines out of stock at the clinic again',
    );
    const hint = page.locator('#similar-issues');
    const here = await textsOf(hint.locator('h3:text("at this facility") + ul > li'));
    expect(here.some((text) => KABOKWENI_STOCK_OUTS.some((title) => text.startsWith(title)))).toBe(true);
    expect(here.join('\n')).toMatch(/(close|good|loose|weak) match, \d+% alike; shared words: [^)]*chronic/);
    expectOneWordPerLikeness(await hint.locator('li').allTextContents());
    await expect(textOf(hint.locator('.likeness-scale'))).resolves.toMatch(/graded against the clustering engine/);
    await expect(hint.locator('a.open-instead').count()).resolves.toBeGreaterThan(0);
    // The facilitator's other facilities show their issues; every other facility only that it has one.
    const elsewhere = await textsOf(hint.locator('h3:text("elsewhere") + ul > li'));
    const outside = elsewhere.filter((text) => !/ at (Msogwaba Clinic|Kabokweni Police Station)/.test(text));
    expect(outside.length).toBeGreaterThan(0);
    for (const text of outside) expect(text).toMatch(/^An issue at /);
    await page.context().close();
  });

  it('hints at similar issues as the user types, with JavaScript', async () => {
    const page = await signedIn(DEMO_ACCOUNTS.analyst, { javaScriptEnabled: true });
    await go(page, '/issues/new');
    await page.selectOption('select[name="facility"]', { label: 'Kabokweni Clinic (KIC-KABOKWENI-CLINIC)' });
    await submit(page, 'form.form button[type="submit"]');
    await expect(page.locator('#similar-issues').textContent()).resolves.toContain('will show here as you type');
    await page.locator('input[name="title"]').pressSequentially('Clinic runs out of chronic medicines', { delay: 20 });
    const here = page.locator('#similar-issues h3:text("at this facility") + ul > li');
    await here.first().waitFor();
    expect((await here.allTextContents()).join('\n')).toContain(KABOKWENI_STOCK_OUTS[0]);
    // The script writes the same words as the page does without it.
    expect((await here.allTextContents()).join('\n')).toMatch(
      /(close|good|loose|weak) match, \d+% alike; shared words/,
    );
    // An analyst may open issues anywhere, so the other facilities' issues show their titles.
    await expect(page.locator('#similar-issues h3:text("elsewhere") + ul > li > a').count()).resolves.toBeGreaterThan(
      0,
    );
    await expect(textOf(page.locator('[data-similar-status]'))).resolves.toMatch(
      /^Similar issues: \d+ at this facility/,
    );
    expect(await accessibilityViolationsOf(page)).toEqual([]);
    await page.context().close();
  });

  it('sets the escalation rule without JavaScript, naming a bad field and refusing a stale page', async () => {
    const page = await signedIn(DEMO_ACCOUNTS.analyst);
    const other = await signedIn(DEMO_ACCOUNTS.analyst);
    await go(page, '/clusters');
    await submit(page, 'a:text("Change the rule")');
    await go(other, '/clusters/rule');

    await page.fill('input[name="minProvinces"]', '10');
    await submit(page, 'form.form button[type="submit"]');
    await expect(page.locator('#minProvinces-error').textContent()).resolves.toContain('there are nine provinces');
    await expect(page.locator('input[name="minProvinces"]').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.fill('input[name="minFacilities"]', '4');
    await page.fill('input[name="minProvinces"]', '3');
    await page.uncheck('input[name="nationalRootCauseSuffices"]');
    await submit(page, 'form.form button[type="submit"]');
    await expect(page.locator('.success').textContent()).resolves.toContain('The rule is saved');
    await expect(page.locator('.audit-events').innerText()).resolves.toMatch(
      /Changed the escalation rule\s+.* · Demo Analyst \(DPME CBM analyst\)\s+At least this many facilities: 10 → 4\s+In at least this many provinces: 5 → 3\s+A national-level root cause suffices: yes → no/,
    );
    await go(page, '/clusters');
    await expect(textOf(page.locator('#rule + p'))).resolves.toMatch(
      /at least 4 facilities in at least 3 provinces; a dismissed cluster never is\. A theme is one when .*\s+Change the rule/,
    );

    await other.fill('input[name="minFacilities"]', '2');
    const refused = await Promise.all([
      other.waitForResponse((response) => response.request().method() === 'POST'),
      other.click('form.form button[type="submit"]'),
    ]);
    expect(refused[0].status()).toBe(409);
    await expect(textOf(other.locator('.errors'))).resolves.toMatch(
      /Demo Analyst \(DPME CBM analyst\) changed the at least/,
    );

    // Back to the default, which the other tests expect.
    await go(other, '/clusters/rule');
    await other.fill('input[name="minFacilities"]', '10');
    await other.fill('input[name="minProvinces"]', '5');
    await other.check('input[name="nationalRootCauseSuffices"]');
    await other.fill('input[name="nationalRootCauseMinFacilities"]', '2');
    await submit(other, 'form.form button[type="submit"]');
    await expect(other.locator('.success').count()).resolves.toBe(1);
    await page.context().close();
    await other.context().close();
  });
});
