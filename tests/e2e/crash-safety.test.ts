// Kills the real server and worker with SIGKILL at the named pause points (src/server/test-hooks/pause-point.ts),
// inside a case transition, a clustering run and a mail delivery, then checks what a restart finds
// (docs/DATABASE.md, "Crash safety"). The import's kill is in tests/integration/services/imports/import-liveness.test.ts.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../prisma/seed/seed.ts';
import type { Db } from '../../src/db/client.ts';
import { CLUSTER_RUN_STOPPED_MESSAGES } from '../../src/domain/clustering/abandoned-cluster-run.ts';
import { searchAllNeighbours } from '../../src/domain/clustering/cluster-records.ts';
import { ensureDemoAccounts } from '../../src/server/services/accounts/demo-accounts.ts';
import { ensureDemoCases } from '../../src/server/services/cases/demo-cases.ts';
import { findActiveActor } from '../../src/server/services/accounts/actors.ts';
import { moveCase } from '../../src/server/services/cases/case-workflow-service.ts';
import { runDailyCaseNotices } from '../../src/server/services/cases/case-reminders-service.ts';
import { queueSystemClusterRun } from '../../src/server/services/clustering/cluster-run-service.ts';
import { sweepAbandonedClusterRuns } from '../../src/server/services/clustering/cluster-sweep.ts';
import { runDueClusterJobs } from '../../src/server/services/clustering/cluster-worker.ts';
import { queueMail } from '../../src/server/services/jobs/outbox.ts';
import { deliverDueMail, smtpSender } from '../../src/server/services/jobs/outbox-worker.ts';
import type { PausePoint } from '../../src/server/test-hooks/pause-point.ts';
import { startApp } from '../support/app-server.ts';
import { cookiesFrom } from '../support/auth.ts';
import { integrityProblems } from '../support/database-integrity.ts';
import { killAtPausePoint, runScript } from '../support/pause-point.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { describeEachProvider } from '../support/test-database.ts';

const MAIL_FROM = 'CBM Tracker <no-reply@crash-test.invalid>';
/** A live demo case (src/server/services/cases/demo-cases.ts): escalated to SAPS, whose demo official acknowledges it. */
const ESCALATED_DEMO_CASE = 'Demo: stations wait weeks for forensic results';
const SAPS_OFFICIAL = { email: 'saps@demo.cbm-tracker.invalid', password: 'demo-saps-password' };

/** Everything a transition writes about a case, to compare before and after. */
async function caseRecord(db: Db, caseId: string) {
  const found = await db.systemicCase.findUniqueOrThrow({
    where: { id: caseId },
    select: { status: true, version: true, nextDueOn: true, owningDepartmentId: true },
  });
  const events = await db.caseEvent.findMany({
    where: { caseId },
    select: { kind: true, version: true },
    orderBy: { version: 'asc' },
  });
  const deadlines = await db.caseDeadline.findMany({
    where: { caseId },
    select: { kind: true, dueOn: true, endedOn: true, outcome: true },
    orderBy: [{ startedOn: 'asc' }, { kind: 'asc' }],
  });
  const notifications = await db.notification.count({ where: { caseId, kind: 'acknowledge' } });
  return { ...found, events, deadlines, notifications };
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/login?next=%2F`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(SAPS_OFFICIAL),
  });
  if (response.status !== 303) throw new Error(`The SAPS official did not sign in: ${response.status}`);
  return cookiesFrom(response);
}

/** Posts the case page's "acknowledge" form, as the official's browser does. */
function acknowledge(url: string, cookie: string, found: { reference: string; version: number }) {
  return fetch(`${url}/cases/${found.reference}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'move:acknowledge', version: String(found.version) }),
  });
}

describeEachProvider('crash safety: processes killed at the pause points', (database) => {
  let db: Db;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const started: ChildProcess[] = [];
  /** A worker process, paused at `point` (scripts/worker.ts, as `npm run worker` runs it). */
  const workerPausedAt = (point: PausePoint, env: Record<string, string> = {}) => {
    const worker = runScript('scripts/worker.ts', [], { ...processEnv(), ...env }, point);
    started.push(worker.process);
    return worker;
  };
  const processEnv = () => ({ DATABASE_URL: database().url, NODE_ENV: 'test' });
  /** The mails the SMTP server received for an outbox message (its Message-ID names it). */
  const copiesOf = (outboxId: string) => smtp.received.filter((mail) => mail.raw.includes(`<${outboxId}@`)).length;

  beforeAll(async () => {
    ({ db } = database());
    // Seeded here, so that the server's first start queues no clustering run of its own, and with the demo
    // cases, which are opened and moved through the case services that a paused server would stop in.
    await seedDatabase(db, loadSeedData());
    await ensureDemoAccounts(db);
    await ensureDemoCases(db);
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    // A process left paused by a failed test would hold its transaction's locks for good.
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await smtp.stop();
  });

  it('leaves no trace of a case transition whose server was killed inside its transaction; made again, it is whole', async () => {
    const point: PausePoint = 'case-transition:after-update';
    const paused = await startApp({ ...processEnv(), DEMO_ACCOUNTS: 'true', CBM_PAUSE_AT: point });
    started.push(paused.process);
    const found = await db.systemicCase.findFirstOrThrow({ where: { title: ESCALATED_DEMO_CASE } });
    expect(found.status).toBe('escalated');
    const before = await caseRecord(db, found.id);
    // The request ends with the server: its connection drops.
    const request = acknowledge(paused.url, await signIn(paused.url), found).catch((error: unknown) => error);
    await killAtPausePoint(paused, point);
    expect(await request).toBeInstanceOf(Error);

    expect(await integrityProblems(db)).toEqual([]);
    expect(await caseRecord(db, found.id)).toEqual(before);

    // The official tries again once the server is back: the same move, through the same service, goes through.
    const official = await findActiveActor(db, { email: SAPS_OFFICIAL.email }, []);
    expect(
      await moveCase(db, official!, { reference: found.reference, move: 'acknowledge', version: found.version }),
    ).toMatchObject({ status: 'acknowledged', version: found.version + 1 });
    const after = await caseRecord(db, found.id);
    const running = after.deadlines.filter((deadline) => deadline.endedOn === null);
    expect(after).toMatchObject({
      status: 'acknowledged',
      version: before.version + 1,
      events: [...before.events, { kind: 'acknowledge', version: before.version + 1 }],
      notifications: 1,
    });
    // The acknowledgement's deadline ended and the decision's runs: the case's next due date is its.
    expect(after.deadlines).toHaveLength(before.deadlines.length + 1);
    expect(running).toHaveLength(1);
    expect(after.nextDueOn).toEqual(running[0]!.dueOn);
    expect(await integrityProblems(db)).toEqual([]);
  });

  it('queues again a clustering run whose worker was killed inside its write transaction; the next worker writes it whole', async () => {
    const point: PausePoint = 'cluster-run:after-memberships';
    const memberships = () => db.localIssue.count({ where: { clusterId: { not: null } } });
    const [clustersBefore, membersBefore] = [await db.cluster.count(), await memberships()];
    const { clusterRunId } = await queueSystemClusterRun(db, 'crash test');
    await killAtPausePoint(workerPausedAt(point), point);

    expect(await integrityProblems(db)).toEqual([]);
    expect(await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } })).toMatchObject({
      status: 'running',
      workerStarts: 1,
    });
    expect([await db.cluster.count(), await memberships()]).toEqual([clustersBefore, membersBefore]);

    // The next worker's round sweeps the dead worker's run back to the queue, due now, then runs it.
    expect(await sweepAbandonedClusterRuns(db)).toBe(1);
    expect(await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } })).toMatchObject({
      status: 'queued',
      message: CLUSTER_RUN_STOPPED_MESSAGES.requeued,
      runnerToken: null,
    });
    await runDueClusterJobs(db, { search: searchAllNeighbours });
    const run = await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } });
    expect(run).toMatchObject({ status: 'succeeded', workerStarts: 2, message: null, runnerToken: null });
    expect(run.clusterCount).toBeGreaterThan(0);
    expect(await memberships()).toBeGreaterThan(membersBefore);
    expect(await sweepAbandonedClusterRuns(db)).toBe(0);
    expect(await integrityProblems(db)).toEqual([]);
  });

  /** Queues a mail as the only one due, so that the worker takes it first. */
  async function theOnlyDueMail(subject: string) {
    const send = smtpSender(smtp.url, MAIL_FROM);
    // Today's notices first (once a day), then every mail already due, so that none is left to take instead.
    await runDailyCaseNotices(db, { publicUrl: 'http://localhost:4321' });
    while ((await deliverDueMail(db, send)).delivered > 0);
    await queueMail(db, { to: 'someone@crash-test.invalid', subject, text: 'A crash test.' });
    const due = await db.outboxMessage.findMany({ where: { kind: 'email', status: 'pending' } });
    expect(due.map((message) => (message.payload as { subject: string }).subject)).toEqual([subject]);
    return due[0]!;
  }

  /** The next worker's delivery, once the dead worker's lease on the message has run out. */
  async function deliverAfterLease(messageId: string) {
    const leased = await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
    await deliverDueMail(db, smtpSender(smtp.url, MAIL_FROM), leased.nextAttemptAt);
    return db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
  }

  it('sends once, after its lease, a mail whose worker was killed after claiming it and before sending', async () => {
    const point: PausePoint = 'mail:after-claim';
    const message = await theOnlyDueMail('Claimed, then killed');
    await killAtPausePoint(workerPausedAt(point, { SMTP_URL: smtp.url, MAIL_FROM }), point);

    const left = await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(left).toMatchObject({ status: 'pending', attempts: 0 });
    expect(left.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    expect(copiesOf(message.id)).toBe(0);

    expect(await deliverAfterLease(message.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(copiesOf(message.id)).toBe(1);
    expect(await integrityProblems(db)).toEqual([]);
  });

  it('sends again, with the same Message-ID, a mail whose worker was killed after the SMTP server took it and before marking it sent', async () => {
    const point: PausePoint = 'mail:after-send';
    const message = await theOnlyDueMail('Sent, then killed');
    await killAtPausePoint(workerPausedAt(point, { SMTP_URL: smtp.url, MAIL_FROM }), point);

    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    expect(copiesOf(message.id)).toBe(1);

    // The documented window (docs/CASES.md, "Notifications"): at least once, here twice, under one Message-ID.
    expect(await deliverAfterLease(message.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(copiesOf(message.id)).toBe(2);
    expect(await integrityProblems(db)).toEqual([]);
  });
});
