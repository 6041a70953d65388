import { TRPCError } from '@trpc/server';
import { beforeAll, expect, it } from 'vitest';
import { createContext } from '../../../src/server/trpc/context.ts';
import { createCaller, type AppCaller } from '../../../src/server/trpc/root.ts';
import { aDepartment, aFacility, aLocalIssue } from '../../fixtures/builders.ts';
import { describeEachProvider } from '../../support/test-database.ts';

describeEachProvider('facility.list', (database) => {
  let caller: AppCaller;
  beforeAll(async () => {
    const { db } = database();
    caller = createCaller(createContext(db));
    const saps = await aDepartment(db, { code: 'SAPS', name: 'South African Police Service' });
    const health = await aDepartment(db, {
      code: 'MP-DOH',
      name: 'Mpumalanga Health',
      sphere: 'provincial',
      sector: 'health',
    });
    const katkop = await aFacility(db, {
      name: 'Katkop Police Station',
      province: 'eastern_cape',
      departmentId: saps.id,
      community: 'Katkop',
    });
    const kabokweni = await aFacility(db, {
      name: 'Kabokweni Police Station',
      province: 'mpumalanga',
      departmentId: saps.id,
      community: 'Kabokweni',
    });
    const clinic = await aFacility(db, {
      name: 'Kabokweni Clinic',
      kind: 'clinic',
      sector: 'health',
      province: 'mpumalanga',
      departmentId: health.id,
      community: 'Kabokweni',
    });
    await aFacility(db, { name: 'Closed Station', archived: true, departmentId: saps.id });
    await aLocalIssue(db, clinic);
    await aLocalIssue(db, clinic);
    await aLocalIssue(db, clinic, { status: 'resolved' });
    await aLocalIssue(db, katkop);
    // Closed and archived issues must not count towards "open issues", in the column or its order.
    for (const status of ['closed', 'resolved', 'addressed_locally'] as const)
      await aLocalIssue(db, kabokweni, { status });
    await aLocalIssue(db, kabokweni, { archived: true });
  });

  it('lists facilities by name, leaving archived ones out, with their open issues', async () => {
    const page = await caller.facility.list({});
    expect(page.items.map((f) => [f.name, f.openIssues])).toEqual([
      ['Kabokweni Clinic', 2],
      ['Kabokweni Police Station', 0],
      ['Katkop Police Station', 1],
    ]);
    expect(page).toMatchObject({ total: 3, page: 1, pageCount: 1 });
  });

  it('filters by province, kind, sector and department', async () => {
    const names = async (input: Parameters<AppCaller['facility']['list']>[0]) =>
      (await caller.facility.list(input)).items.map((f) => f.name);
    expect(await names({ province: 'mpumalanga', kind: 'police_station' })).toEqual(['Kabokweni Police Station']);
    expect(await names({ sector: 'health' })).toEqual(['Kabokweni Clinic']);
    expect(await names({ departmentCode: 'SAPS' })).toEqual(['Kabokweni Police Station', 'Katkop Police Station']);
  });

  it('searches name and community in any case', async () => {
    const page = await caller.facility.list({ search: 'kabokWENI' });
    expect(page.items.map((f) => f.name)).toEqual(['Kabokweni Clinic', 'Kabokweni Police Station']);
  });

  it('sorts by open issues and pages through the results', async () => {
    const first = await caller.facility.list({ sort: 'open_issues', direction: 'desc', pageSize: 2 });
    expect(first.items.map((f) => f.name)).toEqual(['Kabokweni Clinic', 'Katkop Police Station']);
    expect(first.pageCount).toBe(2);
    const second = await caller.facility.list({ sort: 'open_issues', direction: 'desc', pageSize: 2, page: 2 });
    expect(second.items.map((f) => f.name)).toEqual(['Kabokweni Police Station']);
  });

  it('answers the open-issue counts from one count a while, not one count per view', async () => {
    const { db } = database();
    const before = await caller.facility.list({ search: 'katkop' });
    expect(before.items.map((f) => f.openIssues)).toEqual([1]);
    const katkop = await db.facility.findFirstOrThrow({ where: { name: 'Katkop Police Station' } });
    const recorded = await aLocalIssue(db, katkop);
    // Counted at most every OPEN_ISSUE_COUNTS_MAX_AGE_MS (30 s) per process, like the home page's figures.
    expect((await caller.facility.list({ search: 'katkop' })).items.map((f) => f.openIssues)).toEqual([1]);
    await db.localIssue.delete({ where: { id: recorded.id } });
  });

  it('lists the departments that own facilities, for the filter', async () => {
    expect((await caller.facility.departments()).map((d) => d.code)).toEqual(['MP-DOH', 'SAPS']);
  });

  it('refuses bad input with a message naming the field', async () => {
    const error = await caller.facility
      .list({ province: 'atlantis' as never, pageSize: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
  });
});
