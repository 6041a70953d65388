import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { Auth } from '../../../../src/server/auth/auth.ts';
import { requestPasswordReset } from '../../../../src/server/services/accounts/password-reset-service.ts';
import type { ServiceError } from '../../../../src/server/services/shared/service-error.ts';
import { signInWithPassword } from '../../../../src/server/services/accounts/sign-in-service.ts';
import { aUserWithPassword, testAuth } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const HOUR = 3_600_000;
let addresses = 0;
/** A network address of its own for each test, so that the per-address limit of one does not touch another. */
const aNetworkAddress = () => `198.51.100.${(addresses += 1)}`;

describeEachProvider('password reset requests', (database) => {
  let db: Db;
  let auth: Auth;
  beforeAll(() => {
    ({ db } = database());
    auth = testAuth(db);
  });

  const request = (email: string, address: string, now?: Date) =>
    requestPasswordReset({ db, auth }, { email, address }, now).then(
      () => 'answered' as const,
      (error: unknown) => error as ServiceError,
    );
  /** The reset links mailed to this address so far, oldest first. */
  const linksTo = async (email: string) => {
    const messages = await db.outboxMessage.findMany({ orderBy: { createdAt: 'asc' } });
    return messages
      .map((message) => message.payload as { to: string; text: string })
      .filter((mail) => mail.to === email)
      .map((mail) => /\/reset-password\?token=([\w-]+)/.exec(mail.text)?.[1])
      .filter((token): token is string => token !== undefined);
  };
  const resetWith = async (token: string, newPassword: string) =>
    (await auth.api.resetPassword({ body: { token, newPassword }, asResponse: true })).status;
  const throttleRow = async (key: string) => {
    const row = await db.signInThrottle.findUnique({ where: { key } });
    return row && { failures: row.failures, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil };
  };

  it('ends the link mailed before when a new one is asked for', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const address = aNetworkAddress();
    expect(await request(user.email, address)).toBe('answered');
    expect(await request(user.email.toUpperCase(), address)).toBe('answered');
    const [first, second] = await linksTo(user.email);
    expect(first && second && first !== second).toBe(true);

    expect(await resetWith(first!, 'the first link should be dead')).toBe(400);
    expect(await resetWith(second!, 'the second link is the live one')).toBe(200);
    const signedIn = await signInWithPassword(
      { db, auth },
      { email: user.email, password: 'the second link is the live one', address, headers: new Headers() },
    );
    expect(signedIn.outcome).toBe('signed_in');
  });

  it('ends every other link of the account when a reset completes', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    expect(await request(user.email, aNetworkAddress())).toBe('answered');
    const [mailed] = await linksTo(user.email);
    // A link made meanwhile by another request (or an invitation), which a newer link would not have ended.
    const other = await db.verification.create({
      data: {
        identifier: 'reset-password:made-meanwhile-by-another-request',
        value: user.id,
        expiresAt: new Date(Date.now() + HOUR),
        createdAt: new Date(Date.now() + 60_000),
      },
    });
    expect(await resetWith(mailed!, 'a completed reset ends the rest')).toBe(200);
    expect(await resetWith('made-meanwhile-by-another-request', 'this link should be dead')).toBe(400);
    expect(await db.verification.count({ where: { id: other.id } })).toBe(0);
    expect(await db.verification.count({ where: { value: user.id } })).toBe(0);
    const reset = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: 'password.reset' } });
    expect(reset.changes).toEqual({ otherLinksEnded: 1 });
  });

  it('sends at most three mails an hour to an address, counting an unknown address the same way', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const unknown = `nobody-${Date.now()}@test.cbm-tracker.invalid`;
    const now = new Date('2026-11-25T10:00:00Z');
    const answers = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      answers.push(await request(user.email, aNetworkAddress(), now));
      answers.push(await request(unknown, aNetworkAddress(), now));
    }
    // The same answer every time, mailed or not, known or not.
    expect(answers).toEqual(Array(8).fill('answered'));
    expect(await linksTo(user.email)).toHaveLength(3);
    expect(await linksTo(unknown)).toHaveLength(0);
    const known = await throttleRow(`reset-email:${user.email}`);
    expect(known).toEqual({ failures: 3, windowStartedAt: now, lockedUntil: new Date(now.getTime() + HOUR) });
    expect(await throttleRow(`reset-email:${unknown}`)).toEqual(known);

    // An hour later the address gets mail again.
    const later = new Date(now.getTime() + HOUR + 60_000);
    expect(await request(user.email, aNetworkAddress(), later)).toBe('answered');
    expect(await linksTo(user.email)).toHaveLength(4);
    const throttled = await db.auditEvent.count({
      where: { entityId: user.id, action: 'password_reset.throttled' },
    });
    expect(throttled).toBe(1);
  });

  it('refuses the 21st request of an hour from one network address, telling it to wait, and sends no mail', async () => {
    const address = aNetworkAddress();
    const now = new Date('2026-11-25T12:00:00Z');
    const users = await Promise.all(Array.from({ length: 7 }, () => aUserWithPassword(db, 'analyst')));
    const emails = [
      ...users.map((user) => user.email),
      ...Array.from({ length: 14 }, (_, index) => `stranger-${index}-${Date.now()}@test.cbm-tracker.invalid`),
    ];
    const mailsBefore = await db.outboxMessage.count();
    for (const email of emails.slice(0, 20)) expect(await request(email, address, now)).toBe('answered');
    expect(await db.outboxMessage.count()).toBe(mailsBefore + 7);

    const refused = await request(users[0]!.email, address, new Date(now.getTime() + 10 * 60_000));
    expect(refused).toMatchObject({
      code: 'refused',
      message: 'Too many password-reset requests from your network address. Try again in 50 minutes.',
    });
    const lastStranger = await request(emails[20]!, address, now);
    expect(lastStranger).toMatchObject({ code: 'refused', message: expect.stringMatching(/Try again in 60 minutes/) });
    expect(await db.outboxMessage.count()).toBe(mailsBefore + 7);
    expect(await throttleRow(`reset-address:${address}`)).toMatchObject({ failures: 20 });
    // A refused request counts against nothing, not even the address asked for.
    expect(await throttleRow(`reset-email:${emails[20]}`)).toBeNull();
  });

  it('answers and counts a known and an unknown address identically, and audits both without the link', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const unknown = `nobody-else-${Date.now()}@test.cbm-tracker.invalid`;
    const [knownAddress, unknownAddress] = [aNetworkAddress(), aNetworkAddress()];
    const now = new Date('2026-11-25T14:00:00Z');
    expect(await request(user.email, knownAddress, now)).toBe('answered');
    expect(await request(unknown, unknownAddress, now)).toBe('answered');

    expect(await throttleRow(`reset-email:${unknown}`)).toEqual(await throttleRow(`reset-email:${user.email}`));
    expect(await throttleRow(`reset-address:${unknownAddress}`)).toEqual(
      await throttleRow(`reset-address:${knownAddress}`),
    );
    const events = await db.auditEvent.findMany({
      where: { action: { startsWith: 'password_reset.' }, actorLabel: { in: [user.name, unknown] } },
    });
    expect(events.map((event) => [event.actorLabel, event.action, event.changes])).toEqual(
      expect.arrayContaining([
        [user.name, 'password_reset.requested', { email: user.email, address: knownAddress }],
        [unknown, 'password_reset.requested', { email: unknown, address: unknownAddress }],
      ]),
    );
    const [token] = await linksTo(user.email);
    const everyEvent = JSON.stringify(await db.auditEvent.findMany());
    expect(everyEvent).not.toContain(token);
  });

  it('refuses an address with a control character or that is no address, before counting anything', async () => {
    const address = aNetworkAddress();
    expect(await request('ada\u0000@dpme.example', address)).toMatchObject({
      code: 'invalid_input',
      message: 'E-mail address: contains a control character (U+0000) at position 4; remove it',
    });
    expect(await request('not an address', address)).toMatchObject({
      code: 'invalid_input',
      message: 'Enter the e-mail address you sign in with.',
    });
    expect(await throttleRow(`reset-address:${address}`)).toBeNull();
  });
});
