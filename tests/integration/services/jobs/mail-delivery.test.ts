import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { MAX_DELIVERY_ATTEMPTS } from '../../../../src/domain/jobs/retry.ts';
import type { Auth } from '../../../../src/server/auth/auth.ts';
import { deliverDueMail, smtpSender, type SendMail } from '../../../../src/server/services/jobs/outbox-worker.ts';
import { claimDueMessages, EMAIL, queueMail } from '../../../../src/server/services/jobs/outbox.ts';
import { signInWithPassword } from '../../../../src/server/services/accounts/sign-in-service.ts';
import { aUserWithPassword, testAuth } from '../../../support/auth.ts';
import { bodyOf, startSmtpServer } from '../../../support/smtp.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('mail through the outbox', (database) => {
  let db: Db;
  let auth: Auth;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let send: SendMail;
  beforeAll(async () => {
    ({ db } = database());
    auth = testAuth(db);
    smtp = await startSmtpServer();
    send = smtpSender(smtp.url, 'CBM Tracker <no-reply@test.cbm-tracker.invalid>');
  });
  afterAll(() => smtp.stop());

  it('delivers a password reset mail whose link sets a new password once', async () => {
    const user = await aUserWithPassword(db, 'official', {
      departmentId: (
        await db.department.create({
          data: { code: `D-${Date.now()}`, name: 'Dept', sphere: 'national', sector: 'health' },
        })
      ).id,
    });
    await auth.api.requestPasswordReset({ body: { email: user.email, redirectTo: '/reset-password' } });
    expect(await db.outboxMessage.count({ where: { status: 'pending' } })).toBe(1);

    expect(await deliverDueMail(db, send)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual([user.email]);
    const link = /http:\/\/localhost:4321\/reset-password\?token=([\w-]+)/.exec(bodyOf(mail));
    expect(link).not.toBeNull();
    const token = link![1]!;

    const first = await auth.api.resetPassword({
      body: { newPassword: 'a brand new passphrase', token },
      asResponse: true,
    });
    expect(first.status).toBe(200);
    const again = await auth.api.resetPassword({
      body: { newPassword: 'another new passphrase', token },
      asResponse: true,
    });
    expect(again.status).toBe(400);
    const signedIn = await signInWithPassword(
      { db, auth },
      { email: user.email, password: 'a brand new passphrase', address: '127.0.0.1', headers: new Headers() },
    );
    expect(signedIn.outcome).toBe('signed_in');
    expect(await db.auditEvent.count({ where: { entityId: user.id, action: 'password.reset' } })).toBe(1);
  });

  it('retries with growing pauses while the server refuses, then delivers', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    await queueMail(db, { to: 'someone@test.cbm-tracker.invalid', subject: 'Retry me', text: 'Hello' });
    await db.outboxMessage.updateMany({ where: { status: 'pending' }, data: { nextAttemptAt: now } });
    smtp.failNext(2);
    expect(await deliverDueMail(db, send, now)).toMatchObject({ retrying: 1 });
    const afterFirst = await db.outboxMessage.findFirstOrThrow({ where: { status: 'pending' } });
    expect(afterFirst.nextAttemptAt.getTime() - now.getTime()).toBe(60_000);
    expect(afterFirst.lastError).toMatch(/451/);

    expect(await deliverDueMail(db, send, now)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    const second = new Date(now.getTime() + 60_000);
    expect(await deliverDueMail(db, send, second)).toMatchObject({ retrying: 1 });
    const afterSecond = await db.outboxMessage.findFirstOrThrow({ where: { status: 'pending' } });
    expect(afterSecond.nextAttemptAt.getTime() - second.getTime()).toBe(120_000);

    expect(await deliverDueMail(db, send, new Date(second.getTime() + 120_000))).toMatchObject({ delivered: 1 });
    expect(smtp.received.at(-1)?.raw).toContain('Subject: Retry me');
  });

  it('gives up after the last attempt and keeps the error for the administrator', async () => {
    await queueMail(db, { to: 'nobody@test.cbm-tracker.invalid', subject: 'Never arrives', text: 'Hello' });
    const failing: SendMail = async () => {
      throw new Error('connection refused');
    };
    let now = new Date('2026-11-26T00:00:00Z');
    await db.outboxMessage.updateMany({ where: { status: 'pending' }, data: { nextAttemptAt: now } });
    for (let attempt = 0; attempt < MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      await deliverDueMail(db, failing, now);
      now = new Date(now.getTime() + 7 * 60 * 60_000);
    }
    const message = await db.outboxMessage.findFirstOrThrow({
      where: {
        payload: { equals: { to: 'nobody@test.cbm-tracker.invalid', subject: 'Never arrives', text: 'Hello' } },
      },
    });
    expect(message).toMatchObject({
      status: 'failed',
      attempts: MAX_DELIVERY_ATTEMPTS,
      lastError: 'connection refused',
    });
  });

  it('lets only one of two workers send a message', async () => {
    await queueMail(db, { to: 'once@test.cbm-tracker.invalid', subject: 'Exactly once', text: 'Hello' });
    const before = smtp.received.length;
    const reports = await Promise.all([deliverDueMail(db, send), deliverDueMail(db, send)]);
    expect(reports.reduce((sum, report) => sum + report.delivered, 0)).toBe(1);
    expect(smtp.received.length - before).toBe(1);
  });

  it('delivers a mail once, with its own Message-ID, after the worker that claimed it died before sending', async () => {
    const now = new Date('2026-11-27T08:00:00Z');
    await queueMail(db, { to: 'killed@test.cbm-tracker.invalid', subject: 'Claimed, then killed', text: 'Hello' });
    await db.outboxMessage.updateMany({ where: { status: 'pending' }, data: { nextAttemptAt: now } });
    // A worker claims the message and is killed before it sends or marks anything.
    const [claimed] = await claimDueMessages(db, EMAIL, { now, leaseMs: 2 * 60_000, batchSize: 1 });
    expect(claimed?.payload).toMatchObject({ subject: 'Claimed, then killed' });
    const before = smtp.received.length;

    // While its lease holds, no other worker takes it.
    const duringLease = new Date(now.getTime() + 60_000);
    expect(await deliverDueMail(db, send, duringLease)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    // Once it has passed, the restarted worker and another one together send it once.
    const afterLease = new Date(now.getTime() + 2 * 60_000);
    const reports = await Promise.all([deliverDueMail(db, send, afterLease), deliverDueMail(db, send, afterLease)]);
    expect(reports.reduce((sum, report) => sum + report.delivered, 0)).toBe(1);
    expect(smtp.received.length - before).toBe(1);
    expect(smtp.received.at(-1)?.raw).toContain(`Message-ID: <${claimed!.id}@test.cbm-tracker.invalid>`);
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: claimed!.id } })).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
  });
});
