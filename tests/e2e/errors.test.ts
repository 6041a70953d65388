import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startAppOnPreparedDatabase,
  temporarySqliteUrl,
  withSqliteClient,
  type RunningApp,
} from '../support/app-server.ts';

/** An error on our side, as a person meets it: the database loses a table the facility list reads. */
describe('an unexpected error', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnPreparedDatabase({ DATABASE_URL: database.url });
    await withSqliteClient(database.url, (db) =>
      db.$executeRawUnsafe('ALTER TABLE "Department" RENAME TO "DepartmentGone"'),
    );
  });
  afterAll(async () => {
    await app?.stop();
    database.remove();
  });

  /** The JSON lines the server logged for this request id. */
  const logLinesOf = (requestId: string) =>
    app
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes(requestId))
      .map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            msg: string;
            requestId: string;
            route?: string;
            err?: { message?: string };
          },
      );

  it('shows a page with a reference and nothing of the error, and logs the error with that reference', async () => {
    const response = await fetch(`${app.url}/facilities/NP-EC-KATKOP-SAPS`);
    const html = await response.text();
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^[0-9a-f]{12}$/);
    expect(html).toContain(requestId);
    expect(html).not.toMatch(/DepartmentGone|SQLITE|prisma|no such table|at \//i);
    await expect.poll(() => logLinesOf(requestId).length, { timeout: 5_000 }).toBe(2);
    const line = logLinesOf(requestId).find(({ msg }) => msg === 'request failed');
    expect(line?.level).toBe(50);
    expect(JSON.stringify(line?.err)).toMatch(/Department/);
    // The request's own line has the same id, and the route rather than the address.
    expect(logLinesOf(requestId).find(({ msg }) => msg === 'request')).toMatchObject({
      level: 50,
      route: '/facilities/[code]',
      status: 500,
    });
  });

  it('answers a tRPC call with a reference and nothing of the error', async () => {
    const response = await fetch(`${app.url}/api/trpc/facility.departments`);
    const body = JSON.stringify(await response.json());
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(body, body).toContain(requestId);
    expect(body).not.toMatch(/Department"|SQLITE|prisma|no such table|stack/i);
    await expect.poll(() => logLinesOf(requestId).length, { timeout: 5_000 }).toBeGreaterThan(0);
  });
});
