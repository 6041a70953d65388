import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/client.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import {
  WORKER_HEARTBEAT_JOB,
  WORKER_HEARTBEAT_STALE_AFTER_MS,
} from '../../src/server/services/jobs/worker-heartbeat.ts';
import { startApp, type RunningApp } from '../support/app-server.ts';
import { cookiesFrom } from '../support/auth.ts';
import { createTestDatabase } from '../support/test-database.ts';

const ANALYST = { email: 'analyst@demo.cbm-tracker.invalid', password: 'demo-analyst-password' };
/** What a person might put in an address or a form, which no log line may repeat. */
const PRIVATE_EMAIL = 'thandi.private@example.org';
const PRIVATE_PASSWORD = 'never-in-a-log-7Qx';

interface LogLine {
  level: number;
  msg: string;
  pid?: number;
  requestId?: string;
  [field: string]: unknown;
}

/** The JSON lines the app and its worker printed. */
const logLinesOf = (app: RunningApp): LogLine[] =>
  app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

// On SQLite only: the lines do not depend on the database, and the readiness checks are tested on both databases
// in tests/integration/services/jobs/readiness.test.ts (and over HTTP on PostgreSQL in tests/e2e/start.test.ts).
describe('health checks and request logs', () => {
  let app: RunningApp;
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  let workerPid = 0;

  beforeAll(async () => {
    const database = await createTestDatabase('sqlite');
    drop = database.drop;
    // debug: the lines of static files and health checks too.
    app = await startApp({ DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true', LOG_LEVEL: 'debug' });
    db = createSqliteProvider(database.url).createClient();
    workerPid = await vi.waitFor(
      () => {
        const started = logLinesOf(app).find((line) => line.msg === 'worker started');
        if (!started?.pid) throw new Error('The worker has not started yet.');
        return started.pid;
      },
      { timeout: 30_000, interval: 200 },
    );
  });
  afterAll(async () => {
    if (workerPid) process.kill(workerPid, 'SIGCONT');
    await app?.stop();
    await db?.$disconnect();
    await drop?.();
  });

  const readiness = async () => {
    const response = await fetch(`${app.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers /health at once and /health/ready once the worker beats, naming no database', async () => {
    const live = await fetch(`${app.url}/health`);
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await vi.waitFor(
      async () => {
        const answer = await readiness();
        if (answer.status !== 200) throw new Error(JSON.stringify(answer));
        return answer.body;
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(ready).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, migrations: { ok: true }, worker: { ok: true } },
    });
    expect(JSON.stringify(ready)).not.toMatch(/sqlite|postgres|file:|127\.0\.0\.1|cbm_test/i);
  });

  it('answers /health/ready with 503 and the reason while the worker is stuck, then gone', async () => {
    // A stuck worker: it writes no heartbeat until it is continued.
    process.kill(workerPid, 'SIGSTOP');
    try {
      const beatAt = Date.now() - WORKER_HEARTBEAT_STALE_AFTER_MS - 20_000;
      await db.periodicJobRun.updateMany({
        where: { job: WORKER_HEARTBEAT_JOB },
        data: { leaseUntil: new Date(beatAt + WORKER_HEARTBEAT_STALE_AFTER_MS) },
      });
      const stale = await readiness();
      expect(stale).toMatchObject({
        status: 503,
        body: {
          status: 'not_ready',
          checks: {
            database: { ok: true },
            migrations: { ok: true },
            worker: { ok: false, reason: expect.stringMatching(/heartbeat is 8\d s old \(stale after 60 s\)/) },
          },
        },
      });

      await db.periodicJobRun.deleteMany({ where: { job: WORKER_HEARTBEAT_JOB } });
      expect(await readiness()).toMatchObject({
        status: 503,
        body: { checks: { worker: { ok: false, reason: expect.stringMatching(/^No background worker/) } } },
      });
    } finally {
      process.kill(workerPid, 'SIGCONT');
    }
  });

  it('logs one line per request with its route pattern, and nothing personal or secret', async () => {
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      redirect: 'manual' as const,
      headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    const refusedSignIn = await fetch(`${app.url}/login`, form({ email: PRIVATE_EMAIL, password: PRIVATE_PASSWORD }));
    const signIn = await fetch(`${app.url}/login?next=%2F`, form(ANALYST));
    const cookie = cookiesFrom(signIn);
    expect(signIn.status).toBe(303);
    const sessionToken = /cbm\.session_token=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(sessionToken).not.toBe('');

    const issue = await db.localIssue.findFirstOrThrow({ select: { id: true } });
    const facility = await db.facility.findFirstOrThrow({ select: { code: true } });
    const private_ = `email=${encodeURIComponent(PRIVATE_EMAIL)}&password=${PRIVATE_PASSWORD}`;
    const visits: { path: string; signedIn: boolean; route: string }[] = [
      { path: `/issues/${issue.id}?${private_}`, signedIn: true, route: '/issues/[id]' },
      {
        path: `/facilities/${facility.code}?contact=${PRIVATE_EMAIL}`,
        signedIn: true,
        route: '/facilities/[code]',
      },
      { path: `/search?q=${encodeURIComponent(PRIVATE_EMAIL)}`, signedIn: true, route: '/search' },
      // Twice: the second answer is the public copy, sent before the app runs.
      { path: `/cases/SC-2016-0002?${private_}`, signedIn: false, route: '/cases/[reference]' },
      { path: `/cases/SC-2016-0002?${private_}`, signedIn: false, route: '/cases/[reference]' },
      { path: `/favicon.svg?${private_}`, signedIn: false, route: 'static' },
      { path: `/health?${private_}`, signedIn: false, route: '/health' },
      { path: `/no-such-page/${PRIVATE_EMAIL}?${private_}`, signedIn: true, route: '/404' },
    ];
    const answers = [
      { method: 'POST', route: '/login', response: refusedSignIn },
      { method: 'POST', route: '/login', response: signIn },
    ];
    for (const visit of visits) {
      const response = await fetch(`${app.url}${visit.path}`, {
        redirect: 'manual',
        headers: visit.signedIn ? { cookie } : {},
      });
      await response.arrayBuffer();
      answers.push({ method: 'GET', route: visit.route, response });
    }
    expect(answers.map(({ response }) => response.headers.get('x-cache'))).toContain('hit');

    const linesOf = (requestId: string) =>
      logLinesOf(app).filter((line) => line.msg === 'request' && line.requestId === requestId);
    for (const { method, route, response } of answers) {
      const requestId = response.headers.get('x-request-id') ?? '';
      expect(requestId).toMatch(/^[0-9a-f]{12}$/);
      // Written when the response has ended, which the client may see first.
      await vi.waitFor(() => expect(linesOf(requestId).length).toBeGreaterThan(0), { timeout: 5_000 });
      expect(linesOf(requestId)).toEqual([
        {
          level: route === 'static' || route === '/health' ? 20 : 30,
          time: expect.any(String) as string,
          service: 'cbm-tracker',
          requestId,
          method,
          route,
          status: response.status,
          durationMs: expect.any(Number) as number,
          msg: 'request',
        },
      ]);
    }

    const output = app.output();
    for (const secret of [PRIVATE_EMAIL, encodeURIComponent(PRIVATE_EMAIL), PRIVATE_PASSWORD, sessionToken]) {
      expect(output).not.toContain(secret);
    }
    const jsonLines = logLinesOf(app).map((line) => JSON.stringify(line));
    for (const secret of [ANALYST.email, ANALYST.password, issue.id, facility.code, 'SC-2016-0002', 'cookie']) {
      expect(jsonLines.filter((line) => line.includes(secret))).toEqual([]);
    }
    expect(jsonLines.filter((line) => /\?|%40|@/.test(line))).toEqual([]);
  });
});
