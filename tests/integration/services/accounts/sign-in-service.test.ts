import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { Auth } from '../../../../src/server/auth/auth.ts';
import { type ServiceError } from '../../../../src/server/services/shared/service-error.ts';
import {
  signInWithPassword,
  verifySecondFactor,
  withPasswordConfirmation,
} from '../../../../src/server/services/accounts/sign-in-service.ts';
import { setUserActive } from '../../../../src/server/services/accounts/user-service.ts';
import { actorOf, aUserWithPassword, cookiesFrom, TEST_PASSWORD, testAuth } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';
import { totpCodeFor } from '../../../support/totp.ts';

const ADDRESS = '192.0.2.10';

describeEachProvider('signing in', (database) => {
  let db: Db;
  let auth: Auth;
  beforeAll(() => {
    ({ db } = database());
    auth = testAuth(db);
  });
  const signIn = (email: string, password: string, address = ADDRESS, now?: Date) =>
    signInWithPassword({ db, auth }, { email, password, address, headers: new Headers() }, now);
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as ServiceError,
    );

  it('signs in with the right password, sets an HttpOnly SameSite session cookie and records it', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const result = await signIn(user.email.toUpperCase(), TEST_PASSWORD);
    expect(result.outcome).toBe('signed_in');
    const [cookie] = result.response.headers.getSetCookie();
    expect(cookie).toMatch(/^cbm\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const actor = await actorOf(db, auth, cookiesFrom(result.response));
    expect(actor).toMatchObject({ userId: user.id, role: 'analyst', mustEnrollTwoFactor: false });
    expect(await db.auditEvent.count({ where: { entityId: user.id, action: 'sign_in.succeeded' } })).toBe(1);
    // Sessions last 12 hours (README, "Accounts and roles").
    const session = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBeCloseTo(12 * 3_600_000, -4);
  });

  it('refuses a wrong password with one message for unknown and known accounts, and records both', async () => {
    const user = await aUserWithPassword(db, 'facilitator', { facilityIds: [] }).catch(() => null);
    expect(user).toBeNull(); // a facilitator needs a facility: see user-access
    const analyst = await aUserWithPassword(db, 'analyst');
    const wrong = await refusalOf(signIn(analyst.email, 'not the password at all'));
    const unknown = await refusalOf(signIn('nobody@test.cbm-tracker.invalid', 'whatever password'));
    expect(wrong?.message).toBe('The e-mail address or the password is wrong.');
    expect(unknown?.message).toBe(wrong?.message);
    expect(await db.auditEvent.count({ where: { entityId: analyst.id, action: 'sign_in.failed' } })).toBe(1);
    expect(
      await db.auditEvent.count({ where: { actorLabel: 'nobody@test.cbm-tracker.invalid', action: 'sign_in.failed' } }),
    ).toBe(1);
  });

  it('refuses an e-mail address holding a control character, naming it, and counts nothing', async () => {
    const refusal = await refusalOf(signIn('ada\u0000@dpme.example', 'whatever password', '192.0.2.77'));
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      message: 'E-mail address: contains a control character (U+0000) at position 4; remove it',
    });
    expect(await db.signInThrottle.count({ where: { key: 'address:192.0.2.77' } })).toBe(0);
  });

  it('locks an account after five failures, even with the right password, and says for how long', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const now = new Date('2026-11-25T10:00:00Z');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await refusalOf(signIn(user.email, 'a wrong password', `198.51.100.${attempt}`, now));
    }
    const locked = await refusalOf(signIn(user.email, TEST_PASSWORD, '198.51.100.99', now));
    expect(locked?.code).toBe('refused');
    expect(locked?.message).toMatch(/Too many failed sign-ins for this account\. Try again in 15 minutes/);
    // The lock is in the database, so a new process (here: a new auth instance) sees it too.
    const later = new Date(now.getTime() + 16 * 60_000);
    const result = await signInWithPassword(
      { db, auth: testAuth(db) },
      { email: user.email, password: TEST_PASSWORD, address: '198.51.100.99', headers: new Headers() },
      later,
    );
    expect(result.outcome).toBe('signed_in');
  });

  it('counts a wrong password given on the account pages as a failed sign-in: five lock the account, each audited', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const signedIn = await signIn(user.email, TEST_PASSWORD);
    const headers = new Headers({ cookie: cookiesFrom(signedIn.response) });
    const now = new Date();
    const changePassword = (currentPassword: string) =>
      withPasswordConfirmation(
        db,
        { userId: user.id, address: ADDRESS },
        () =>
          auth.api.changePassword({
            body: { currentPassword, newPassword: 'a brand new long password', revokeOtherSessions: true },
            headers,
            asResponse: true,
          }),
        now,
      );
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await changePassword('a guessed password')).status).toBe(400);
    }
    const locked = await refusalOf(changePassword(TEST_PASSWORD));
    expect(locked?.message).toMatch(/Too many failed sign-ins for this account/);
    expect((await refusalOf(signIn(user.email, TEST_PASSWORD, '198.51.100.50', now)))?.code).toBe('refused');
    expect(await db.auditEvent.count({ where: { entityId: user.id, action: 'password.confirmation_failed' } })).toBe(5);
  });

  it('locks an address that tries many accounts', async () => {
    const now = new Date('2026-11-25T11:00:00Z');
    for (let attempt = 0; attempt < 30; attempt += 1) {
      await refusalOf(signIn(`guess-${attempt}@test.cbm-tracker.invalid`, 'password guess', '203.0.113.7', now));
    }
    const user = await aUserWithPassword(db, 'analyst');
    const refusal = await refusalOf(signIn(user.email, TEST_PASSWORD, '203.0.113.7', now));
    expect(refusal?.message).toMatch(/your network address/);
  });

  it('treats an expired session as signed out', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const cookie = cookiesFrom((await signIn(user.email, TEST_PASSWORD)).response);
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(actorOf(db, auth, cookie)).rejects.toThrow(/does not sign anyone in/);
  });

  it('tells a deactivated account so, only once the password is right, and starts no session', async () => {
    const admin = await aUserWithPassword(db, 'admin');
    const user = await aUserWithPassword(db, 'analyst');
    const adminActor = await actorOf(db, auth, cookiesFrom((await signIn(admin.email, TEST_PASSWORD)).response));
    await setUserActive(db, { userId: user.id, active: false }, adminActor);
    expect((await refusalOf(signIn(user.email, 'a wrong password')))?.message).toMatch(/password is wrong/);
    expect((await refusalOf(signIn(user.email, TEST_PASSWORD)))?.message).toMatch(/has been deactivated/);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  describe('with two-factor sign-in', () => {
    it('asks for the second factor, accepts the app code, and refuses a wrong one', async () => {
      const admin = await aUserWithPassword(db, 'admin');
      const first = await signIn(admin.email, TEST_PASSWORD);
      let cookie = cookiesFrom(first.response);
      expect((await actorOf(db, auth, cookie)).mustEnrollTwoFactor).toBe(true);

      const enable = await auth.api.enableTwoFactor({
        body: { password: TEST_PASSWORD },
        headers: new Headers({ cookie }),
        asResponse: true,
      });
      const { totpURI, backupCodes } = (await enable.json()) as { totpURI: string; backupCodes: string[] };
      cookie = cookiesFrom(enable, cookie);
      const confirm = await auth.api.verifyTOTP({
        body: { code: await totpCodeFor(totpURI) },
        headers: new Headers({ cookie }),
        asResponse: true,
      });
      expect(confirm.ok).toBe(true);
      cookie = cookiesFrom(confirm, cookie);
      expect((await actorOf(db, auth, cookie)).mustEnrollTwoFactor).toBe(false);

      const second = await signIn(admin.email, TEST_PASSWORD);
      expect(second.outcome).toBe('second_factor_needed');
      const pending = cookiesFrom(second.response);
      await expect(actorOf(db, auth, pending)).rejects.toThrow(/does not sign anyone in/);

      const wrong = await refusalOf(
        verifySecondFactor(
          { db, auth },
          { code: '000000', method: 'totp', address: ADDRESS, headers: new Headers({ cookie: pending }) },
        ),
      );
      expect(wrong?.message).toMatch(/code is wrong or has expired/);

      const verified = await verifySecondFactor(
        { db, auth },
        {
          code: await totpCodeFor(totpURI),
          method: 'totp',
          address: ADDRESS,
          headers: new Headers({ cookie: pending }),
        },
      );
      expect((await actorOf(db, auth, cookiesFrom(verified, pending))).userId).toBe(admin.id);

      // A recovery code works once.
      const third = cookiesFrom((await signIn(admin.email, TEST_PASSWORD)).response);
      const recovery = { code: backupCodes[0]!, method: 'recovery_code' as const, address: ADDRESS };
      await verifySecondFactor({ db, auth }, { ...recovery, headers: new Headers({ cookie: third }) });
      const fourth = cookiesFrom((await signIn(admin.email, TEST_PASSWORD)).response);
      const reused = await refusalOf(
        verifySecondFactor({ db, auth }, { ...recovery, headers: new Headers({ cookie: fourth }) }),
      );
      expect(reused?.message).toMatch(/recovery code is wrong or has been used/);
      expect(await db.auditEvent.count({ where: { action: 'sign_in.second_factor_failed' } })).toBeGreaterThanOrEqual(
        2,
      );

      // Five wrong codes end the pending sign-in: even the right code is refused, and only the password
      // (throttled) starts another.
      const guessed = cookiesFrom((await signIn(admin.email, TEST_PASSWORD)).response);
      const attempt = async (code: string) =>
        refusalOf(
          verifySecondFactor(
            { db, auth },
            { code, method: 'totp', address: ADDRESS, headers: new Headers({ cookie: guessed }) },
          ),
        );
      for (const guess of ['111111', '222222', '333333', '444444', '555555'])
        expect(await attempt(guess)).not.toBeNull();
      expect(await attempt(await totpCodeFor(totpURI))).not.toBeNull();
    });
  });
});
