import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import type { Mail } from '../../../../src/server/mail/templates.ts';
import { moveCase } from '../../../../src/server/services/cases/case-workflow-service.ts';
import {
  DAILY_CASE_NOTICES_JOB,
  runDailyCaseNotices,
} from '../../../../src/server/services/cases/case-reminders-service.ts';
import { deliverDueMail, smtpSender, type SendMail } from '../../../../src/server/services/jobs/outbox-worker.ts';
import { claimPeriod } from '../../../../src/server/services/jobs/periodic-jobs.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { onSouthAfricanMorning as on, seededCaseWorld } from '../../../support/case-fixtures.ts';
import { bodyOf, startSmtpServer, type ReceivedMail } from '../../../support/smtp.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const PUBLIC_URL = 'https://cbm.test.invalid';
/** 07:00 in South Africa. */
const sevenOn = (date: string) => new Date(`${date}T05:00:00Z`);

describeEachProvider('the daily case notices from two workers', (database) => {
  let db: Db;
  /** A second client: the second worker process. */
  let otherDb: Db;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let send: SendMail;
  let analyst: SignedInActor;
  let quietAnalyst: SignedInActor;
  let saps: SignedInActor;
  let treasury: SignedInActor;
  let quietTreasury: SignedInActor;
  const references: Record<string, string> = {};

  beforeAll(async () => {
    ({ db } = database());
    otherDb = database().provider.createClient();
    smtp = await startSmtpServer();
    send = smtpSender(smtp.url, 'CBM Tracker <no-reply@test.cbm-tracker.invalid>');
    const { department, openTestCase } = await seededCaseWorld(db, PUBLIC_URL);
    // The seed's cases stop their clocks, so that the deadline notices of the round are this test's alone (their
    // overdue response actions stay: SAPS's digest lists them).
    await db.caseDeadline.updateMany({ where: { endedOn: null }, data: { endedOn: on('2026-01-01'), outcome: 'met' } });
    await db.systemicCase.updateMany({ data: { nextDueOn: null } });
    analyst = await anActorWithAccount(db, 'analyst');
    quietAnalyst = await anActorWithAccount(db, 'analyst');
    saps = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    treasury = await anActorWithAccount(db, 'official', { departmentId: department.NT });
    quietTreasury = await anActorWithAccount(db, 'official', { departmentId: department.NT });
    await db.user.updateMany({
      where: { id: { in: [quietAnalyst.userId, quietTreasury.userId] } },
      data: { wantsDigest: false },
    });
    // SAPS must acknowledge by Monday 20 April: reminded on Thursday 16 April.
    references.soon = (await openTestCase(analyst, '2026-04-02')).reference;
    // National Treasury had to acknowledge by 16 March: missed, and overdue in its digest.
    references.missed = (await openTestCase(analyst, '2026-03-02', { owningDepartmentId: department.NT })).reference;
    // Declined by SAPS: waiting for DPME, in the analysts' digest.
    const declined = await openTestCase(analyst, '2026-03-10');
    references.declined = declined.reference;
    const acknowledged = await moveCase(
      db,
      saps,
      { reference: declined.reference, move: 'acknowledge', version: declined.version },
      on('2026-03-11'),
      PUBLIC_URL,
    );
    await moveCase(
      db,
      saps,
      { reference: declined.reference, move: 'decline', version: acknowledged.version, reason: 'Not ours.' },
      on('2026-03-12'),
      PUBLIC_URL,
    );
    // The moves' own mails go first, so that what follows is the daily round's alone.
    await deliverAll();
  });
  afterAll(async () => {
    await otherDb.$disconnect();
    await smtp.stop();
  });

  /** Two workers deliver until nothing is due; the mails the server received meanwhile. */
  async function deliverAll(): Promise<ReceivedMail[]> {
    const before = smtp.received.length;
    for (;;) {
      const reports = await Promise.all([deliverDueMail(db, send), deliverDueMail(otherDb, send)]);
      if (reports.every((report) => report.delivered + report.retrying + report.failed === 0)) break;
    }
    return smtp.received.slice(before);
  }
  const emailOf = async (actor: SignedInActor) =>
    (await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).email;
  /** The subject of a received mail, read from its outbox row, which its Message-ID names. */
  const subjectOf = async (mail: ReceivedMail) => {
    const outboxId = /^Message-ID: <([^@>]+)@/m.exec(mail.raw)?.[1] ?? '';
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(row.status).toBe('delivered');
    return (row.payload as unknown as Mail).subject;
  };
  const messageIdOf = (mail: ReceivedMail) => /^Message-ID: (.*)$/m.exec(mail.raw)?.[1];

  it('waits for 07:00, then runs once on one of two workers and each mail is sent once', async () => {
    expect(await runDailyCaseNotices(db, { publicUrl: PUBLIC_URL, now: new Date('2026-04-16T04:59:00Z') })).toEqual({
      ran: false,
      written: 0,
    });
    const reports = await Promise.all([
      runDailyCaseNotices(db, { publicUrl: PUBLIC_URL, now: sevenOn('2026-04-16') }),
      runDailyCaseNotices(otherDb, { publicUrl: PUBLIC_URL, now: sevenOn('2026-04-16') }),
    ]);
    expect(reports.map((report) => report.ran).sort()).toEqual([false, true]);
    // A reminder and the digest to SAPS, a missed deadline to both Treasury officials (the digest setting is
    // about digests only), Treasury's digest to the one who wants it and the analysts' to the one who wants it.
    expect(reports.reduce((sum, report) => sum + report.written, 0)).toBe(6);

    const mails = await deliverAll();
    expect(mails).toHaveLength(6);
    expect(new Set(mails.map(messageIdOf)).size).toBe(6);
    const byRecipient = new Map<string, string[]>();
    for (const mail of mails) {
      byRecipient.set(mail.to[0]!, [...(byRecipient.get(mail.to[0]!) ?? []), await subjectOf(mail)]);
    }
    expect(byRecipient.get(await emailOf(saps))?.sort()).toEqual(
      [
        `Systemic case ${references.soon}: "Acknowledge" is due on 20 April 2026`,
        "CBM Tracker: your department's overdue cases and actions on 16 April 2026",
      ].sort(),
    );
    expect(byRecipient.get(await emailOf(quietTreasury))).toEqual([
      `Systemic case ${references.missed}: the deadline "Acknowledge" of 16 March 2026 was missed`,
    ]);
    expect(byRecipient.get(await emailOf(treasury))?.sort()).toEqual(
      [
        `Systemic case ${references.missed}: the deadline "Acknowledge" of 16 March 2026 was missed`,
        "CBM Tracker: your department's overdue cases and actions on 16 April 2026",
      ].sort(),
    );
    expect(byRecipient.get(await emailOf(analyst))).toEqual([
      'CBM Tracker: systemic cases waiting for DPME on 16 April 2026',
    ]);
    expect(byRecipient.has(await emailOf(quietAnalyst))).toBe(false);
  });

  it("lists a department's overdue cases in its digest, and the cases waiting for DPME in the analysts'", async () => {
    const digests = await db.notification.findMany({ where: { kind: 'digest', onceKey: 'digest:2026-04-16' } });
    const departmentDigest = digests.find((row) => row.userId === treasury.userId)!;
    expect(departmentDigest.path).toBe('/inbox?view=overdue');
    expect(departmentDigest.body).toContain(
      `- ${references.missed}, "Police vehicles wait months for repair": was due on 16 March 2026`,
    );
    expect(departmentDigest.body).not.toContain(references.soon!);
    const sapsDigest = digests.find((row) => row.userId === saps.userId)!;
    expect(sapsDigest.body).toMatch(/^- SC-\d{4}-\d{4}, response action ".+" \(.+\): was due on \d+ \w+ \d{4}$/m);
    expect(sapsDigest.body).not.toContain(references.soon!);
    const analystDigest = digests.find((row) => row.userId === analyst.userId)!;
    expect(analystDigest.body).toContain(
      `- ${references.declined}, "Police vehicles wait months for repair": Declined`,
    );
    const mail = smtp.received.find((received) => bodyOf(received).includes('/inbox?view=overdue'))!;
    expect(bodyOf(mail)).toContain(`${PUBLIC_URL}/inbox?view=overdue`);
    expect(bodyOf(mail)).toContain('turn this daily mail off on your account page');
  });

  it('runs no second time the same day, and reminds of a deadline once', async () => {
    expect(await runDailyCaseNotices(db, { publicUrl: PUBLIC_URL, now: new Date('2026-04-16T12:00:00Z') })).toEqual({
      ran: false,
      written: 0,
    });
    // The next day: only the day's three digests; the reminder and the missed deadline were told already.
    expect(await runDailyCaseNotices(otherDb, { publicUrl: PUBLIC_URL, now: sevenOn('2026-04-17') })).toEqual({
      ran: true,
      written: 3,
    });
    expect(await deliverAll()).toHaveLength(3);
  });

  it('leaves the day of a worker that died after claiming it to another once its lease has passed', async () => {
    const now = sevenOn('2026-04-20');
    expect(
      await claimPeriod(db, { job: DAILY_CASE_NOTICES_JOB, period: '2026-04-20', now, leaseMs: 15 * 60_000 }),
    ).toBe(true);
    // The worker dies here. While its lease holds, the other skips the day; then it runs it.
    const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    expect((await runDailyCaseNotices(otherDb, { publicUrl: PUBLIC_URL, now: later(5) })).ran).toBe(false);
    expect(await runDailyCaseNotices(otherDb, { publicUrl: PUBLIC_URL, now: later(15) })).toEqual({
      ran: true,
      written: 3,
    });
    const mails = await deliverAll();
    expect((await Promise.all(mails.map(subjectOf))).sort()).toEqual([
      'CBM Tracker: systemic cases waiting for DPME on 20 April 2026',
      "CBM Tracker: your department's overdue cases and actions on 20 April 2026",
      "CBM Tracker: your department's overdue cases and actions on 20 April 2026",
    ]);
  });
});
