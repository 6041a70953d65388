import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { startAppOnPreparedDatabase, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { cookiesFrom } from '../support/auth.ts';

// Visitors without a session get public outputs from the process's copy while the public data version stands
// still (src/server/http/public-page-cache.ts); a change to a case makes the next visitor see it, and nobody with
// a session is ever given the copy.
describe('copies of public pages', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;

  beforeAll(async () => {
    app = await startAppOnPreparedDatabase({ DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true' });
  });
  afterAll(async () => {
    await app.stop();
    database.remove();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });

  it('serves the same bytes again, compressed when asked, until a case changes', async () => {
    const first = await get('/cases/SC-2016-0002');
    expect(first.headers.get('x-cache')).toBe('miss');
    const page = await first.text();
    const again = await get('/cases/SC-2016-0002');
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(await again.text()).toBe(page);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));

    const gzipped = await get('/cases/SC-2016-0002', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toMatch(/Accept-Encoding/i);
    // fetch unpacks it, as a browser does.
    expect(await gzipped.text()).toBe(page);

    const db = createSqliteProvider(database.url).createClient();
    try {
      const found = await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0002' } });
      await db.caseEvent.create({
        data: {
          caseId: found.id,
          actorLabel: 'DPME CBM analyst',
          actorRole: 'analyst',
          kind: 'commented',
          reason: 'Monitors return to the stations in May.',
          isPublic: true,
          version: found.version,
        },
      });
    } finally {
      await db.$disconnect();
    }
    const changed = await get('/cases/SC-2016-0002');
    expect(changed.headers.get('x-cache')).toBe('miss');
    expect(await changed.text()).toContain('Monitors return to the stations in May.');
  });

  it('keeps the page a case address shows through its public view, compressed or not', async () => {
    // /cases/<reference> hands visitors to /cases/<reference>/public: one copy, of the address asked for.
    const first = await get('/cases/SC-2016-0001', { 'accept-encoding': 'gzip' });
    expect(first.headers.get('x-cache')).toBe('miss');
    const page = await first.text();
    expect(page).toContain('<h1>');
    const plain = await get('/cases/SC-2016-0001');
    expect(plain.headers.get('x-cache')).toBe('hit');
    expect(await plain.text()).toBe(page);
  });

  it('copies the home page and the facility pages too, and a change to a facility shows at once', async () => {
    for (const path of ['/', '/facilities', '/facilities/KIC-KABOKWENI-CLINIC']) {
      expect((await get(path)).headers.get('x-cache'), path).toBe('miss');
      expect((await get(path)).headers.get('x-cache'), path).toBe('hit');
    }
    const db = createSqliteProvider(database.url).createClient();
    try {
      await db.facility.update({ where: { code: 'KIC-KABOKWENI-CLINIC' }, data: { community: 'Kabokweni Village' } });
    } finally {
      await db.$disconnect();
    }
    const changed = await get('/facilities/KIC-KABOKWENI-CLINIC');
    expect(changed.headers.get('x-cache')).toBe('miss');
    expect(await changed.text()).toContain('Kabokweni Village');
  });

  it('never gives a copy to someone signed in, nor theirs to anyone else', async () => {
    await get('/cases');
    expect((await get('/cases')).headers.get('x-cache')).toBe('hit');
    await get('/');
    expect((await get('/')).headers.get('x-cache')).toBe('hit');
    const signIn = await fetch(`${app.url}/login?next=%2F`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'analyst@demo.cbm-tracker.invalid', password: 'demo-analyst-password' }),
    });
    const staff = await get('/cases', { cookie: cookiesFrom(signIn) });
    expect(staff.headers.get('x-cache')).toBeNull();
    expect(await staff.text()).toContain('See the public list of cases');
    const anonymous = await get('/cases');
    expect(await anonymous.text()).not.toContain('See the public list of cases');
    const home = await get('/', { cookie: cookiesFrom(signIn) });
    expect(home.headers.get('x-cache')).toBeNull();
    expect(await home.text()).toContain('Sign out');
  });
});
