import { beforeAll, expect, it } from 'vitest';
import { createContext } from '../../../src/server/trpc/context.ts';
import { appRouter, createCaller, type AppCaller } from '../../../src/server/trpc/root.ts';
import { aUser } from '../../fixtures/actors.ts';
import { aDepartment, aFacility, aLocalIssue } from '../../fixtures/builders.ts';
import { describeEachProvider } from '../../support/test-database.ts';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

describeEachProvider('system router', (database) => {
  let caller: AppCaller;
  beforeAll(async () => {
    const { db } = database();
    caller = createCaller(createContext(db));
    const station = await aFacility(db, { province: 'limpopo' });
    await aFacility(db, { province: 'limpopo', kind: 'sassa_office', sector: 'social_security' });
    await aLocalIssue(db, station);
    await aLocalIssue(db, station, { status: 'closed' });
    const department = await aDepartment(db);
    for (const visibility of ['public', 'internal'] as const) {
      await db.systemicCase.create({
        data: {
          reference: `SC-2026-${visibility}`,
          title: `A ${visibility} case`,
          problemStatement: 'Vans wait months at the garage.',
          owningDepartmentId: department.id,
          status: 'escalated',
          escalatedAt: new Date('2026-11-01T08:00:00Z'),
          visibility,
        },
      });
    }
  });

  it('reports the database as healthy, and which one it is to administrators only', async () => {
    expect(await caller.system.health()).toEqual({ status: 'ok', databaseLatencyMs: expect.any(Number) });
    const administrators = createCaller(createContext(database().db, aUser('admin')));
    expect(await administrators.system.health()).toMatchObject({ status: 'ok', database: database().provider.name });
  });

  it('counts facilities in every province and of every kind, with zeros', async () => {
    const overview = await caller.system.overview();
    expect(overview.facilitiesByProvince).toHaveLength(9);
    expect(overview.facilitiesByProvince.find((row) => row.province === 'limpopo')?.count).toBe(2);
    expect(overview.facilitiesByProvince.find((row) => row.province === 'gauteng')?.count).toBe(0);
    expect(overview.facilitiesByKind.find((row) => row.kind === 'sassa_office')?.count).toBe(1);
    // Only the public case counts: the home page is public.
    expect(overview).toMatchObject({ facilities: 2, localIssues: 2, openLocalIssues: 1, openSystemicCases: 1 });
  });

  it('answers over HTTP at /api/trpc with a clear message for bad input', async () => {
    const handle = (path: string) =>
      fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request(`http://localhost/api/trpc/${path}`),
        router: appRouter,
        createContext: () => createContext(database().db),
      });
    const ok = await handle('system.health');
    expect(ok.status).toBe(200);
    expect((await ok.json()).result.data.status).toBe('ok');

    const bad = await handle(`facility.list?input=${encodeURIComponent(JSON.stringify({ page: 0, sort: 'age' }))}`);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.message).toMatch(/^page: .*; sort: Choose the sort from the options offered$/);
    expect(body.error.data.issues.map((issue: { path: string[] }) => issue.path.join('.'))).toEqual(['page', 'sort']);
    // Plain reasons for scripts too (issue 13): never Zod's own English ("Invalid option: expected one of ...").
    const messages = [body.error.message, ...body.error.data.issues.map((issue: { message: string }) => issue.message)];
    for (const message of messages) expect(message).not.toMatch(/Invalid|Too (small|big)|expected one of|>=/);
    expect(body.error.data.stack).toBeUndefined();
  });
});
