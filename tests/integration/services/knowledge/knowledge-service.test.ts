import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { PUBLIC_ACTOR } from '../../../../src/domain/accounts/actor.ts';
import { guidanceForTags, publicCasesForTags } from '../../../../src/server/services/knowledge/knowledge-service.ts';
import { aDepartment, aFacility, aLocalIssue } from '../../../fixtures/builders.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('links between guidance and systemic cases', (database) => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = database());
    const vehicles = await db.tag.create({ data: { slug: 'vehicles', name: 'Vehicles' } });
    const turnaround = await db.tag.create({
      data: { slug: 'maintenance-turnaround', name: 'Turnaround', parentId: vehicles.id },
    });
    const medicines = await db.tag.create({ data: { slug: 'medicines', name: 'Medicines' } });
    const saps = await aDepartment(db, { name: 'South African Police Service' });
    const station = await aFacility(db, { departmentId: saps.id });
    const vanIssue = await aLocalIssue(db, station, { title: 'Vans at the garage for months' });
    await db.localIssueTag.create({ data: { localIssueId: vanIssue.id, tagId: turnaround.id } });
    const clinicIssue = await aLocalIssue(db, station, { title: 'No medicines' });
    await db.localIssueTag.create({ data: { localIssueId: clinicIssue.id, tagId: medicines.id } });
    const aCase = (reference: string, visibility: 'public' | 'internal', issueId: string) =>
      db.systemicCase.create({
        data: {
          reference,
          title: `Case ${reference}`,
          problemStatement: 'A problem that recurs at many facilities.',
          owningDepartmentId: saps.id,
          visibility,
          status: 'escalated',
          escalatedAt: new Date('2016-05-01T00:00:00Z'),
          localIssues: { create: [{ localIssueId: issueId }] },
        },
      });
    await aCase('SC-2016-0101', 'public', vanIssue.id);
    await aCase('SC-2016-0102', 'internal', vanIssue.id);
    await aCase('SC-2016-0103', 'public', clinicIssue.id);
  });

  it('lists the public cases whose issues carry the tag or a tag below it', async () => {
    const cases = await publicCasesForTags(db, ['vehicles']);
    expect(cases.map((c) => c.reference)).toEqual(['SC-2016-0101']);
    expect(cases[0]).toMatchObject({ departmentName: 'South African Police Service', status: 'escalated' });
  });

  it('finds the cases of a tag by a former slug, and by the slug of a tag merged into it', async () => {
    const turnaround = await db.tag.findUniqueOrThrow({ where: { slug: 'maintenance-turnaround' } });
    await db.tag.create({ data: { slug: 'van-repairs', name: 'Van repairs', mergedIntoId: turnaround.id } });
    await db.tagAlias.createMany({
      data: [
        { slug: 'garage-delays', tagId: turnaround.id },
        { slug: 'van-repairs', tagId: turnaround.id },
      ],
    });
    for (const slug of ['garage-delays', 'van-repairs']) {
      expect((await publicCasesForTags(db, [slug])).map((c) => c.reference)).toEqual(['SC-2016-0101']);
    }
  });

  it('never lists an internal case, and nothing for no tags', async () => {
    expect((await publicCasesForTags(db, ['maintenance-turnaround'])).map((c) => c.reference)).not.toContain(
      'SC-2016-0102',
    );
    expect(await publicCasesForTags(db, [])).toEqual([]);
  });

  it('lists the guidance that shares tags with a cluster, partner pages for signed-in users only', () => {
    const forPublic = guidanceForTags(PUBLIC_ACTOR, ['maintenance-turnaround', 'targets']).map((page) => page.id);
    expect(forPublic).toContain('guides/cbm-for-policing');
    const escalation = guidanceForTags(aUser('analyst'), ['accountability-feedback'], 20).map((page) => page.id);
    const escalationForPublic = guidanceForTags(PUBLIC_ACTOR, ['accountability-feedback'], 20).map((page) => page.id);
    expect(escalation.filter((id) => !escalationForPublic.includes(id))).toEqual([
      'guides/working-with-departments-on-escalation',
    ]);
  });
});
