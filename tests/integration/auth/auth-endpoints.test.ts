import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import type { Auth } from '../../../src/server/auth/auth.ts';
import { handleAuthRequest } from '../../../src/server/auth/http.ts';
import { aUserWithPassword, cookiesFrom, TEST_PASSWORD, TEST_PUBLIC_URL, testAuth } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

/** better-auth's own HTTP endpoints at /api/auth/*, as a browser would call them. */
describeEachProvider('/api/auth endpoints', (database) => {
  let db: Db;
  let auth: Auth;
  beforeAll(() => {
    ({ db } = database());
    auth = testAuth(db);
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    handleAuthRequest(
      auth,
      new Request(`${TEST_PUBLIC_URL}/api/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: TEST_PUBLIC_URL, ...headers },
        body: JSON.stringify(body),
      }),
      TEST_PUBLIC_URL,
    );

  it('refuses sign-up: accounts come only from administrators', async () => {
    const response = await post('/sign-up/email', {
      email: 'self@test.cbm-tracker.invalid',
      password: 'a long enough password',
      name: 'Self',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await db.user.count({ where: { email: 'self@test.cbm-tracker.invalid' } })).toBe(0);
  });

  it('refuses a sign-in posted from another site, with or without an Origin header', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const credentials = { email: user.email, password: TEST_PASSWORD };
    expect((await post('/sign-in/email', credentials, { origin: 'https://evil.example' })).status).toBe(403);
    const noOrigin = new Request(`${TEST_PUBLIC_URL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify(credentials),
    });
    expect((await handleAuthRequest(auth, noOrigin, TEST_PUBLIC_URL)).status).toBe(403);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('signs in from this site, reports the session, and signs out', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const signedIn = await post('/sign-in/email', { email: user.email, password: TEST_PASSWORD });
    expect(signedIn.status).toBe(200);
    const cookie = cookiesFrom(signedIn);
    const session = await auth.handler(new Request(`${TEST_PUBLIC_URL}/api/auth/get-session`, { headers: { cookie } }));
    expect(((await session.json()) as { user: { id: string; role: string } }).user).toMatchObject({
      id: user.id,
      role: 'analyst',
    });
    const signedOut = await post('/sign-out', {}, { cookie });
    expect(signedOut.status).toBe(200);
    const after = await auth.handler(new Request(`${TEST_PUBLIC_URL}/api/auth/get-session`, { headers: { cookie } }));
    expect(await after.json()).toBeNull();
  });

  it('does not let a user give themselves a role through the update endpoint', async () => {
    const user = await aUserWithPassword(db, 'partner');
    const cookie = cookiesFrom(await post('/sign-in/email', { email: user.email, password: TEST_PASSWORD }));
    const response = await post('/update-user', { role: 'admin', name: 'Still a partner' }, { cookie });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('partner');
  });
});
