import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { WITHHELD_TEXT } from '../../../../src/domain/privacy/public-text.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { editCase } from '../../../../src/server/services/cases/escalation-service.ts';
import {
  listPublicCases,
  publicCasePage,
  publicCaseTexts,
} from '../../../../src/server/services/cases/public-case-queries.ts';
import { commentOnCase } from '../../../../src/server/services/cases/response-plan-service.ts';
import {
  reviewPublicText,
  textsAwaitingReview,
} from '../../../../src/server/services/privacy/public-text-review-service.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const PLANTED = 'Ask Captain Sipho Dlamini on 082 555 1234 about the vans.';

describeEachProvider('public systemic cases', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let official: SignedInActor;

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
    const saps = await db.department.findUniqueOrThrow({ where: { code: 'SAPS' } });
    official = await anActorWithAccount(db, 'official', { departmentId: saps.id });
  });

  const references = async (input: Parameters<typeof listPublicCases>[1] = {}) =>
    (await listPublicCases(db, input)).items.map((item) => item.reference);

  it('lists public escalated cases only, latest public change first, and filters them', async () => {
    expect(await references()).toEqual(['SC-2016-0002', 'SC-2016-0003', 'SC-2016-0001']);
    expect(await references({ departmentCode: 'SAPS' })).toEqual(['SC-2016-0002']);
    expect(await references({ sector: 'health' })).toEqual(['SC-2016-0003', 'SC-2016-0001']);
    expect(await references({ status: 'in_progress' })).toEqual(['SC-2016-0002']);
    expect(await references({ province: 'western_cape' })).toEqual(['SC-2016-0002']);
    expect(await references({ departmentCode: 'NO-SUCH' })).toEqual([]);
    expect((await listPublicCases(db, { pageSize: 2, page: 2 })).items).toHaveLength(1);
  });

  it('shows an internal case, or a draft marked public, to nobody: "not found"', async () => {
    await expect(publicCasePage(db, 'SC-2016-0004')).rejects.toThrow('There is no such case.');
    await expect(publicCasePage(db, 'SC-2099-0001')).rejects.toThrow('There is no such case.');
  });

  it('names actors by their office, as the seed records them', async () => {
    const view = await publicCasePage(db, 'SC-2016-0002');
    expect(view.decisions.map((decision) => decision.by)).toContain('Sector official, South African Police Service');
    expect(view.timeline[0]!.by).toBe('DPME CBM analyst');
    expect(view.spread.facilityNames).toBeNull();
  });

  it('keeps "last changed" at the last public event: internal comments and edits leave it', async () => {
    const before = (await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0001' } })).publicChangedAt;
    expect(before).not.toBeNull();
    await commentOnCase(db, analyst, { reference: 'SC-2016-0001', comment: 'Internal note.' });
    const found = await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0001' } });
    await editCase(db, analyst, {
      reference: found.reference,
      version: found.version,
      title: found.title,
      problemStatement: found.problemStatement,
      rootCauseSynthesis: found.rootCauseSynthesis,
      priority: found.priority,
      visibility: 'public',
      publicFacilityNames: true,
    });
    const after = await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0001' } });
    expect(after.publicChangedAt).toEqual(before);
    expect((await publicCasePage(db, 'SC-2016-0001')).spread.facilityNames?.length).toBeGreaterThan(0);

    const later = new Date(Date.now() + 60_000);
    await commentOnCase(
      db,
      analyst,
      { reference: 'SC-2016-0001', comment: 'Monitors return in May.', isPublic: true },
      later,
    );
    expect((await db.systemicCase.findUniqueOrThrow({ where: { reference: 'SC-2016-0001' } })).publicChangedAt).toEqual(
      later,
    );
    expect(await references()).toEqual(['SC-2016-0001', 'SC-2016-0002', 'SC-2016-0003']);
  });

  it('withholds a public text holding personal data until an analyst reviewed it, then publishes it redacted', async () => {
    await commentOnCase(db, analyst, { reference: 'SC-2016-0002', comment: PLANTED, isPublic: true });
    const withheld = await publicCasePage(db, 'SC-2016-0002');
    expect(withheld.comments.map((comment) => comment.reason)).toContain(WITHHELD_TEXT);
    expect(JSON.stringify(withheld)).not.toMatch(/Dlamini|082 555/);

    const waiting = await textsAwaitingReview(db, await publicCaseTexts(db));
    const planted = waiting.find((text) => text.text === PLANTED);
    expect(planted?.places).toEqual([{ where: 'SC-2016-0002, commented: reason', href: '/cases/SC-2016-0002' }]);
    await expect(reviewPublicText(db, official, { key: planted!.key, decision: 'publish' })).rejects.toThrow(
      'Only DPME CBM analysts',
    );
    await reviewPublicText(db, analyst, { key: planted!.key, decision: 'redact' });

    const published = await publicCasePage(db, 'SC-2016-0002');
    const comment = published.comments.find((entry) => entry.reason?.includes('about the vans'));
    expect(comment?.reason).toContain('[phone number removed]');
    expect(JSON.stringify(published)).not.toMatch(/Dlamini|082 555/);
    expect((await textsAwaitingReview(db, await publicCaseTexts(db))).map((text) => text.text)).not.toContain(PLANTED);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityType: 'public_text', entityId: planted!.key },
    });
    expect(audit).toMatchObject({ action: 'public_text.redacted', actorId: analyst.userId });
    expect(JSON.stringify(audit)).not.toContain('Dlamini');
  });
});
