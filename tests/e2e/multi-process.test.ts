// Two app processes on one PostgreSQL, as a deployment behind a load balancer runs them: the first with
// WEB_CONCURRENCY=2 (two web processes sharing its socket), the second with one; each runs its own worker.
// Sessions, case moves, imports and mail go through both at once: nothing is lost or done twice, and every
// conflict is refused with the stale-version message.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createPostgresqlProvider } from '../../src/db/postgresql.ts';
import { INLINE_IMPORT_MAX_BYTES } from '../../src/server/services/imports/import-service.ts';
import { queueMail } from '../../src/server/services/jobs/outbox.ts';
import { cookiesFrom } from '../support/auth.ts';
import { seededCaseWorld } from '../support/case-fixtures.ts';
import { startApp, type RunningApp } from '../support/app-server.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { aUser } from '../fixtures/actors.ts';
import { aCsvRow, csvOf } from '../fixtures/import-csv.ts';

const STALE = 'Someone changed this case after you opened it, so your change was not saved';
const PASSWORD_OF = { analyst: 'demo-analyst-password', saps: 'demo-saps-password' } as const;

async function until<T>(what: string, check: () => Promise<T | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(inject('postgresSkipReason') !== null)('two app processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const apps: RunningApp[] = [];
  let provider: ReturnType<typeof createPostgresqlProvider>;
  let db: Db;

  beforeAll(async () => {
    [database, smtp] = await Promise.all([createTestDatabase('postgresql', { migrated: false }), startSmtpServer()]);
    const env = { DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true', SMTP_URL: smtp.url };
    // The first start migrates and seeds; the second finds the database ready, as a second machine would.
    apps.push(await startApp({ ...env, WEB_CONCURRENCY: '2' }, 150_000));
    apps.push(await startApp({ ...env, WEB_CONCURRENCY: '1' }, 150_000));
    provider = createPostgresqlProvider(database.url);
    db = provider.createClient();
  }, 320_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await db?.$disconnect();
    await provider?.close();
    await smtp?.stop();
    await database?.drop();
  });

  async function signIn(app: RunningApp, who: keyof typeof PASSWORD_OF): Promise<string> {
    const response = await fetch(`${app.url}/login?next=%2F`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: `${who}@demo.cbm-tracker.invalid`, password: PASSWORD_OF[who] }),
    });
    expect(response.status, await response.text()).toBe(303);
    return cookiesFrom(response);
  }

  function postForm(app: RunningApp, path: string, cookie: string, fields: Record<string, string>) {
    return fetch(`${app.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
  }

  it('prints that the first app serves with two web processes', () => {
    expect(apps[0]!.output()).toMatch(/serving on http:\/\/\S+ with 2 web processes/);
  });

  it('keeps a session made on one app valid on the other, and signing out on one ends it on both', async () => {
    const [first, second] = apps as [RunningApp, RunningApp];
    const cookie = await signIn(first, 'saps');
    for (const app of [first, second, first, second]) {
      const inbox = await fetch(`${app.url}/inbox`, { headers: { cookie }, redirect: 'manual' });
      expect(inbox.status).toBe(200);
      expect(await inbox.text()).toContain('South African Police Service');
    }
    const signOut = await postForm(second, '/logout', cookie, {});
    expect(signOut.status).toBe(303);
    const after = await fetch(`${first.url}/inbox`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('lets exactly one of two officials racing through different apps accept or decline each case', async () => {
    const [first, second] = apps as [RunningApp, RunningApp];
    const analystId = (await db.user.findUniqueOrThrow({ where: { email: 'analyst@demo.cbm-tracker.invalid' } })).id;
    const world = await seededCaseWorld(db, first.url);
    const analyst = aUser('analyst', { userId: analystId, name: 'Demo analyst' });
    const references: string[] = [];
    for (let i = 0; i < 6; i++) references.push((await world.openTestCase(analyst, '2026-11-02')).reference);
    const [onFirst, onSecond] = [await signIn(first, 'saps'), await signIn(second, 'saps')];
    const versionOf = async (reference: string) =>
      (await db.systemicCase.findUniqueOrThrow({ where: { reference }, select: { version: true } })).version;
    for (const reference of references) {
      const acknowledged = await postForm(first, `/cases/${reference}`, onFirst, {
        action: 'move:acknowledge',
        version: String(await versionOf(reference)),
      });
      expect(acknowledged.status, await acknowledged.text()).toBe(303);
    }

    const races = await Promise.all(
      references.map(async (reference) => {
        const version = String(await versionOf(reference));
        const answers = await Promise.all([
          postForm(first, `/cases/${reference}`, onFirst, { action: 'move:accept', version }),
          postForm(second, `/cases/${reference}`, onSecond, {
            action: 'move:decline',
            version,
            reason: 'The vehicles belong to the provincial fleet, not to SAPS.',
          }),
        ]);
        return {
          reference,
          answers: await Promise.all(answers.map(async (r) => ({ status: r.status, body: await r.text() }))),
        };
      }),
    );
    for (const { reference, answers } of races) {
      const won = answers.filter((answer) => answer.status === 303);
      const refused = answers.filter((answer) => answer.status !== 303);
      expect(won, reference).toHaveLength(1);
      expect(refused, reference).toHaveLength(1);
      expect(refused[0]!.body).toContain(STALE);
      const found = await db.systemicCase.findUniqueOrThrow({
        where: { reference },
        select: { status: true, events: { select: { kind: true } } },
      });
      const decisions = found.events.filter((event) => event.kind === 'accept' || event.kind === 'decline');
      expect(decisions, reference).toHaveLength(1);
      expect(found.status).toBe(decisions[0]!.kind === 'accept' ? 'accepted' : 'declined');
    }
  }, 120_000);

  it('imports through both apps at once, every row of every file and each file once', async () => {
    const cookies = await Promise.all(apps.map((app) => signIn(app, 'analyst')));
    // Two files small enough to import while the page waits, two large enough for the workers.
    const rowCounts = [30, 30, 300, 300];
    const files = rowCounts.map((count, n) => {
      const rows = Array.from({ length: count }, (_, row) =>
        aCsvRow(n * 100 + row, { external_ref: `MULTI-${n}-${String(row).padStart(3, '0')}` }),
      );
      const file = csvOf(rows);
      expect(file.length > INLINE_IMPORT_MAX_BYTES).toBe(count > 30);
      return file;
    });
    const runIds = await Promise.all(
      files.map(async (file, n) => {
        const app = apps[n % 2]!;
        const form = new FormData();
        form.set('file', new File([Buffer.from(file)], `multi-${n}.csv`, { type: 'text/csv' }));
        const response = await fetch(`${app.url}/issues/import`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: app.url, cookie: cookies[n % 2]! },
          body: form,
        });
        const id = /^\/issues\/imports\/([^/?]+)$/.exec(response.headers.get('location') ?? '')?.[1];
        expect(id, `${response.status} ${await response.text()}`).toBeTruthy();
        return id!;
      }),
    );
    const runs = await until('the four imports to end', async () => {
      const found = await db.importRun.findMany({ where: { id: { in: runIds } } });
      return found.every((run) => run.outcome !== 'running') && found;
    });
    const byId = new Map(runs.map((run) => [run.id, run]));
    expect(runIds.map((id) => [byId.get(id)!.outcome, byId.get(id)!.rowsCreated])).toEqual(
      rowCounts.map((count) => ['succeeded', count]),
    );
    expect(await db.localIssue.count({ where: { externalRef: { startsWith: 'MULTI-' } } })).toBe(660);
  }, 120_000);

  it('delivers each queued mail once with two workers running', async () => {
    const before = smtp.received.length;
    for (let i = 0; i < 40; i++) {
      await queueMail(db, { to: `reader-${i}@example.invalid`, subject: `Multi-process mail ${i}`, text: 'Hello.' });
    }
    await until('the 40 mails to be delivered', async () => {
      const pending = await db.outboxMessage.count({ where: { kind: 'email', status: { not: 'delivered' } } });
      return pending === 0;
    });
    // Time for a second copy to arrive, were any message sent by both workers.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const ours = smtp.received.slice(before).filter((mail) => /Subject: Multi-process mail \d+/.test(mail.raw));
    const subjects = ours.map((mail) => /Subject: (Multi-process mail \d+)/.exec(mail.raw)![1]);
    expect(subjects).toHaveLength(40);
    expect(new Set(subjects).size).toBe(40);
  }, 90_000);
});
