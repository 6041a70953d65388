import { spawnSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ACTOR, type Actor } from '../../src/domain/accounts/actor.ts';
import { navigationFor } from '../../src/lib/navigation.ts';
import { DEMO_ACCOUNTS } from '../../src/server/services/accounts/demo-accounts.ts';
import { browserSkipReason, textOf, useAppInChromium } from '../support/browser.ts';
import { bodyOf, startSmtpServer } from '../support/smtp.ts';
import { totpCodeForKey } from '../support/totp.ts';

const skipReason = browserSkipReason();
const ROOT = new URL('../../', import.meta.url).pathname;

describe.skipIf(skipReason !== null)(`accounts in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  // Registered first, so that the SMTP server is up when the app starts with its address.
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp?.stop());
  const session = useAppInChromium(() => ({ DEMO_ACCOUNTS: 'true', SMTP_URL: smtp.url }));

  /** A fresh browser profile that records every Content-Security-Policy violation. */
  async function newVisitor(): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    return { context, page, violations };
  }

  /** Clicks and waits for the page the click navigates to (a form post and its redirect). */
  async function clickAndLoad(page: Page, selector: string) {
    await page.click(selector);
    await page.waitForLoadState('load');
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await clickAndLoad(page, 'form.form button[type="submit"]');
  }

  const menuOf = (page: Page) => page.locator('nav[aria-label="Main"] li').allTextContents();
  const expectedMenu = (actor: Actor) =>
    navigationFor(actor).map((item) => (item.isReady ? item.label : `${item.label} (soon)`));

  it('shows the public menu to visitors', async () => {
    const { context, page, violations } = await newVisitor();
    const response = await page.goto(session.app.url);
    expect((await menuOf(page)).map((text) => text.trim())).toEqual(expectedMenu(PUBLIC_ACTOR));
    // The policy is really there, so that "no violations" means something.
    const policy = response?.headers()['content-security-policy'];
    expect(policy).toMatch(/default-src 'self'.*script-src 'self'.*style-src 'self'/);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    expect(violations).toEqual([]);
    await context.close();
  });

  it.each(DEMO_ACCOUNTS.map((demo) => [demo.name, demo] as const))(
    'signs in %s and shows the menu of that role only',
    async (_name, demo) => {
      const { role } = demo;
      const { context, page, violations } = await newVisitor();
      await page.goto(`${session.app.url}/login`);
      await signIn(page, demo.email, demo.password);
      const actor = { kind: 'user', role } as Actor;
      expect((await menuOf(page)).map((text) => text.trim())).toEqual(expectedMenu(actor));
      await expect(page.locator('.session').textContent()).resolves.toContain('demo account');
      await page.goto(`${session.app.url}/account`);
      expect(await textOf(page.locator('dd').nth(1))).toBe(demo.email);
      await clickAndLoad(page, '.session button');
      expect(page.url()).toBe(`${session.app.url}/login?notice=signed-out`);
      expect(violations).toEqual([]);
      await context.close();
    },
  );

  it('sends an anonymous visitor of a staff page to sign in, and back there afterwards', async () => {
    const { context, page } = await newVisitor();
    await page.goto(`${session.app.url}/admin/users?role=official`);
    expect(page.url()).toBe(`${session.app.url}/login?next=${encodeURIComponent('/admin/users?role=official')}`);
    const admin = DEMO_ACCOUNTS.find((demo) => demo.role === 'admin')!;
    await signIn(page, admin.email, admin.password);
    expect(page.url()).toBe(`${session.app.url}/admin/users?role=official`);
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await context.close();
  });

  it('makes an administrator from the command line set up two-factor sign-in, then asks for the code', async () => {
    const email = 'ada.admin@test.cbm-tracker.invalid';
    const password = 'a long admin passphrase';
    const created = spawnSync(
      `${ROOT}node_modules/.bin/tsx`,
      [
        '--disable-warning=ExperimentalWarning',
        'scripts/user-create.ts',
        '--role',
        'admin',
        '--email',
        email,
        '--name',
        'Ada Admin',
      ],
      {
        cwd: ROOT,
        input: `${password}\n`,
        env: { ...process.env, DATABASE_URL: session.databaseUrl },
        encoding: 'utf8',
      },
    );
    expect(created.stdout + created.stderr).toContain(`Created admin ${email}`);
    expect(created.status).toBe(0);

    const { context, page, violations } = await newVisitor();
    await page.goto(`${session.app.url}/login?next=/admin/audit`);
    await signIn(page, email, password);
    expect(page.url()).toBe(`${session.app.url}/account/two-factor?required=1`);
    await page.fill('input[name="password"]', password);
    await clickAndLoad(page, 'button:text("Set up two-factor sign-in")');
    const key = (await page.locator('p:has-text("Key:") code').textContent())!;
    expect(await page.locator('.codes li').count()).toBe(10);
    await page.fill('input[name="code"]', await totpCodeForKey(key));
    await clickAndLoad(page, 'button:text("Turn on two-factor sign-in")');
    expect(page.url()).toBe(`${session.app.url}/account/two-factor?done=enabled`);

    await clickAndLoad(page, '.session button');
    await page.goto(`${session.app.url}/login?next=/admin/audit`);
    await signIn(page, email, password);
    expect(page.url()).toMatch(/\/login\/two-factor\?next=/);
    await page.fill('input[name="code"]', await totpCodeForKey(key));
    await clickAndLoad(page, 'form.form button[type="submit"]');
    expect(page.url()).toBe(`${session.app.url}/admin/audit`);
    await expect(textOf(page.locator('ol.audit-events'))).resolves.toContain('Turned on two-factor sign-in');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('mails a password reset link that works once', async () => {
    const partner = DEMO_ACCOUNTS.find((demo) => demo.role === 'partner')!;
    const { context, page } = await newVisitor();
    await page.goto(`${session.app.url}/forgot-password`);
    await page.fill('input[name="email"]', partner.email);
    const before = smtp.received.length;
    await clickAndLoad(page, 'form.form button[type="submit"]');
    await expect(page.locator('.success').textContent()).resolves.toContain('is on its way');
    await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(before + 1);
    const link = /http:\/\/\S+\/reset-password\?token=[\w-]+/.exec(bodyOf(smtp.received.at(-1)!))![0];

    await page.goto(link);
    await page.fill('input[name="password"]', 'my new partner passphrase');
    await page.fill('input[name="repeat"]', 'my new partner passphrase');
    await clickAndLoad(page, 'form.form button[type="submit"]');
    expect(page.url()).toBe(`${session.app.url}/login?notice=password-set`);
    await signIn(page, partner.email, 'my new partner passphrase');
    await expect(page.locator('.session').textContent()).resolves.toContain('Demo Partner');

    await page.goto(link);
    await page.fill('input[name="password"]', 'yet another passphrase');
    await page.fill('input[name="repeat"]', 'yet another passphrase');
    await clickAndLoad(page, 'form.form button[type="submit"]');
    await expect(page.locator('.errors').textContent()).resolves.toContain('has expired or has been used already');
    await context.close();
  });

  it('lets an administrator invite a facilitator, who sets a password from the mail, then deactivate them', async () => {
    const admin = DEMO_ACCOUNTS.find((demo) => demo.role === 'admin')!;
    const { context, page, violations } = await newVisitor();
    await page.goto(`${session.app.url}/login?next=/admin/users/new`);
    await signIn(page, admin.email, admin.password);
    await page.fill('input[name="name"]', 'Thandi Facilitator');
    await page.fill('input[name="email"]', 'thandi@test.cbm-tracker.invalid');
    await page.selectOption('select[name="role"]', 'facilitator');
    await clickAndLoad(page, 'form.form button[type="submit"]');
    await expect(textOf(page.locator('.error-summary li'))).resolves.toBe(
      'Assign at least one facility to a facilitator.',
    );
    await expect(textOf(page.locator('#facilityIds-error'))).resolves.toBe(
      'Error: Assign at least one facility to a facilitator.',
    );
    await page.check('label:has-text("Daantjie Clinic") input');
    const before = smtp.received.length;
    await clickAndLoad(page, 'form.form button[type="submit"]');
    expect(page.url()).toBe(
      `${session.app.url}/admin/users?invited=${encodeURIComponent('thandi@test.cbm-tracker.invalid')}`,
    );
    await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(before + 1);
    const link = /http:\/\/\S+\/reset-password\?token=[\w-]+/.exec(bodyOf(smtp.received.at(-1)!))![0];

    const invitee = await newVisitor();
    await invitee.page.goto(link);
    await invitee.page.fill('input[name="password"]', 'thandi chooses a passphrase');
    await invitee.page.fill('input[name="repeat"]', 'thandi chooses a passphrase');
    await clickAndLoad(invitee.page, 'form.form button[type="submit"]');
    await signIn(invitee.page, 'thandi@test.cbm-tracker.invalid', 'thandi chooses a passphrase');
    await expect(invitee.page.locator('.session').textContent()).resolves.toContain('Thandi Facilitator');

    await page.goto(`${session.app.url}/admin/users?q=thandi`);
    await clickAndLoad(page, 'a:text("Thandi Facilitator")');
    await page.fill('input[name="reason"]', 'moved to another district');
    await clickAndLoad(page, 'button:text("Deactivate and end all sessions")');
    await expect(page.locator('.success').textContent()).resolves.toContain('deactivated');
    await invitee.page.reload();
    await expect(invitee.page.locator('.session').textContent()).resolves.toContain('Sign in');
    expect([...violations, ...invitee.violations]).toEqual([]);
    await invitee.context.close();
    await context.close();
  });

  it('changes the password from the account page and signs out everywhere', async () => {
    const official = DEMO_ACCOUNTS.find((demo) => demo.email.startsWith('health@'))!;
    const laptop = await newVisitor();
    const phone = await newVisitor();
    for (const device of [laptop, phone]) {
      await device.page.goto(`${session.app.url}/login`);
      await signIn(device.page, official.email, official.password);
    }
    await laptop.page.goto(`${session.app.url}/account`);
    await laptop.page.fill('input[name="currentPassword"]', official.password);
    await laptop.page.fill('input[name="newPassword"]', 'a changed health passphrase');
    await laptop.page.fill('input[name="repeat"]', 'a changed health passphrase');
    await clickAndLoad(laptop.page, 'button:text("Change the password")');
    await expect(laptop.page.locator('.success').textContent()).resolves.toContain('Your password is changed');
    await phone.page.reload();
    await expect(phone.page.locator('.session').textContent()).resolves.toContain('Sign in');

    await phone.page.goto(`${session.app.url}/login`);
    await signIn(phone.page, official.email, 'a changed health passphrase');
    await clickAndLoad(laptop.page, 'button:text("Sign out everywhere")');
    expect(laptop.page.url()).toBe(`${session.app.url}/login?notice=signed-out`);
    await phone.page.reload();
    await expect(phone.page.locator('.session').textContent()).resolves.toContain('Sign in');
    await laptop.context.close();
    await phone.context.close();
  });
});
