import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { PUBLIC_ACTOR } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { visibleCases } from '../../../../src/server/services/cases/case-access.ts';
import { localIssueScope } from '../../../../src/server/services/capture/scope-filters.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('scope filters on the pilot data', (database) => {
  let db: Db;
  let departmentId: (code: string) => Promise<string>;
  let facilityId: (code: string) => Promise<string>;
  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    departmentId = async (code) => (await db.department.findUniqueOrThrow({ where: { code } })).id;
    facilityId = async (code) => (await db.facility.findUniqueOrThrow({ where: { code } })).id;
  });

  it('shows analysts every local issue and every case', async () => {
    const analyst = aUser('analyst');
    expect(await db.localIssue.count({ where: localIssueScope(analyst) })).toBe(await db.localIssue.count());
    expect(await db.systemicCase.count({ where: visibleCases(analyst) })).toBe(4);
  });

  it('shows a facilitator the issues of their facilities only', async () => {
    const clinic = await facilityId('KIC-KABOKWENI-CLINIC');
    const facilitator = aUser('facilitator', { facilityIds: [clinic] });
    const issues = await db.localIssue.findMany({ where: localIssueScope(facilitator), select: { facilityId: true } });
    expect(issues.length).toBeGreaterThan(0);
    expect(new Set(issues.map((issue) => issue.facilityId))).toEqual(new Set([clinic]));
  });

  it('shows an official only the cases of their department and the issues linked to them', async () => {
    const saps = aUser('official', { departmentId: await departmentId('SAPS') });
    const cases = await db.systemicCase.findMany({
      where: visibleCases(saps),
      select: { owningDepartment: { select: { code: true } } },
    });
    expect(cases.map((c) => c.owningDepartment.code)).toEqual(['SAPS', 'SAPS']);
    const issues = await db.localIssue.findMany({ where: localIssueScope(saps), include: { facility: true } });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.facility.kind === 'police_station')).toBe(true);
    const health = aUser('official', { departmentId: await departmentId('MP-DOH') });
    const healthIssues = await db.localIssue.findMany({ where: localIssueScope(health), select: { id: true } });
    expect(healthIssues.some((issue) => issues.some((sapsIssue) => sapsIssue.id === issue.id))).toBe(false);
  });

  it('shows the public, partners and facilitators no case (until the public view of cases) and no local issue', async () => {
    for (const actor of [PUBLIC_ACTOR, aUser('partner')]) {
      expect(await db.localIssue.count({ where: localIssueScope(actor) })).toBe(0);
      expect(await db.systemicCase.count({ where: visibleCases(actor) })).toBe(0);
    }
    const clinic = await facilityId('KIC-KABOKWENI-CLINIC');
    expect(await db.systemicCase.count({ where: visibleCases(aUser('facilitator', { facilityIds: [clinic] })) })).toBe(
      0,
    );
  });
});
