import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { migrationNamesIn } from '../../../../src/db/migration-folders.ts';
import { checkReadiness } from '../../../../src/server/services/jobs/health-service.ts';
import {
  endWorkerHeartbeat,
  WORKER_HEARTBEAT_JOB,
  WORKER_HEARTBEAT_STALE_AFTER_MS,
  writeWorkerHeartbeat,
} from '../../../../src/server/services/jobs/worker-heartbeat.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const at = (iso: string) => new Date(iso);
const BEAT = at('2026-12-07T08:00:00Z');
const secondsAfterBeat = (seconds: number) => new Date(BEAT.getTime() + seconds * 1000);

describeEachProvider('readiness (/health/ready)', (database) => {
  let db: Db;
  let migrations: string[];
  const readiness = (now: Date, expectedMigrations = migrations) => checkReadiness(db, { expectedMigrations, now });

  beforeEach(async () => {
    db = database().db;
    migrations = migrationNamesIn(database().provider.migrationsDir);
    await db.periodicJobRun.deleteMany({ where: { job: WORKER_HEARTBEAT_JOB } });
  });

  it('is ready on a migrated database with a worker that beat just now, and times the database', async () => {
    await writeWorkerHeartbeat(db, 'host-a/101', BEAT);
    const answer = await readiness(secondsAfterBeat(5));
    expect(answer).toMatchObject({
      status: 'ready',
      checks: {
        database: { ok: true, latencyMs: expect.any(Number) as number },
        migrations: { ok: true, applied: migrations.length },
        worker: { ok: true, lastHeartbeatSecondsAgo: 5 },
      },
    });
    expect(JSON.stringify(answer)).not.toMatch(/sqlite|postgres|host-a/i);
  });

  it('is not ready when no worker has ever beaten, and says how to start one', async () => {
    const answer = await readiness(BEAT);
    expect(answer.status).toBe('not_ready');
    expect(answer.checks.worker).toMatchObject({ ok: false, reason: expect.stringMatching(/No background worker/) });
  });

  it('is not ready once the newest heartbeat is older than the threshold, and says how old it is', async () => {
    await writeWorkerHeartbeat(db, 'host-a/101', BEAT);
    const staleAfter = WORKER_HEARTBEAT_STALE_AFTER_MS / 1000;
    expect((await readiness(secondsAfterBeat(staleAfter - 1))).status).toBe('ready');
    const answer = await readiness(secondsAfterBeat(staleAfter + 15));
    expect(answer).toMatchObject({
      status: 'not_ready',
      checks: {
        worker: {
          ok: false,
          lastHeartbeatSecondsAgo: staleAfter + 15,
          reason: `The newest background worker heartbeat is ${staleAfter + 15} s old (stale after ${staleAfter} s): the worker is stuck or gone.`,
        },
      },
    });
  });

  it('is ready while any of several workers beats, and not once the last one has stopped', async () => {
    await writeWorkerHeartbeat(db, 'host-a/101', BEAT);
    await writeWorkerHeartbeat(db, 'host-b/202', secondsAfterBeat(50));
    expect((await readiness(secondsAfterBeat(90))).checks.worker).toEqual({ ok: true, lastHeartbeatSecondsAgo: 40 });
    await endWorkerHeartbeat(db, 'host-b/202', secondsAfterBeat(95));
    expect((await readiness(secondsAfterBeat(100))).checks.worker).toEqual({
      ok: false,
      lastHeartbeatSecondsAgo: 5,
      reason: 'The background worker stopped 5 s ago and none has started since.',
    });
    // A worker starting again on the same process id takes its row back.
    await writeWorkerHeartbeat(db, 'host-b/202', secondsAfterBeat(110));
    expect((await readiness(secondsAfterBeat(111))).status).toBe('ready');
  });

  it("forgets a gone worker's row a day later, on another worker's heartbeat", async () => {
    await writeWorkerHeartbeat(db, 'host-a/101', BEAT);
    await writeWorkerHeartbeat(db, 'host-b/202', new Date(BEAT.getTime() + 25 * 60 * 60_000));
    const rows = await db.periodicJobRun.findMany({ where: { job: WORKER_HEARTBEAT_JOB } });
    expect(rows.map((row) => row.period)).toEqual(['host-b/202']);
  });

  it('is not ready when this version ships a migration the database lacks, and counts it', async () => {
    await writeWorkerHeartbeat(db, 'host-a/101', BEAT);
    const answer = await readiness(BEAT, [...migrations, '29991231000000_from_the_next_version']);
    expect(answer).toMatchObject({
      status: 'not_ready',
      checks: {
        migrations: {
          ok: false,
          reason: '1 migration(s) of this version are not applied yet; npm start or npm run db:migrate applies them.',
        },
        worker: { ok: true },
      },
    });
  });

  it('is not ready while a migration has failed, however many are applied', async () => {
    await writeWorkerHeartbeat(db, 'host-a/101', BEAT);
    const failed = '29991231000000_failed_half_way';
    // As Prisma leaves a migration that failed: started, never finished, not rolled back.
    await db.$executeRaw`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
      VALUES ('failed-migration', 'x', ${failed}, CURRENT_TIMESTAMP, 0)`;
    try {
      const answer = await readiness(BEAT, [...migrations, failed]);
      expect(answer.checks.migrations).toEqual({
        ok: false,
        reason: '1 migration(s) failed or are still being applied; see the log and npm run db:migrate.',
      });
    } finally {
      await db.$executeRaw`DELETE FROM _prisma_migrations WHERE id = 'failed-migration'`;
    }
  });
});
