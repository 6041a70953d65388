import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import type { SignedInActor } from '../../../src/domain/accounts/actor.ts';
import type { TaxonomyFileTag } from '../../../src/domain/taxonomy/taxonomy-file.ts';
import { normaliseTerm } from '../../../src/domain/taxonomy/words.ts';
import { loadSeedData, type SeedData } from '../../../prisma/seed/load-seed-data.ts';
import { TaxonomySchema } from '../../../prisma/seed/seed-data-schema.ts';
import { seedDatabase, seedFileSynonyms } from '../../../prisma/seed/seed.ts';
import {
  addTag,
  addTagSynonym,
  exportTaxonomy,
  mergeTags,
  removeTagSynonym,
  renameTag,
} from '../../../src/server/services/taxonomy/taxonomy-service.ts';
import { aUser } from '../../fixtures/actors.ts';
import { aUserWithPassword } from '../../support/auth.ts';
import { createTestDatabase, describeEachProvider, providerFor } from '../../support/test-database.ts';

const data = loadSeedData();

/** Everything the taxonomy is made of, so that "nothing changed" means nothing at all. */
async function taxonomySnapshot(db: Db) {
  const [tags, aliases, synonyms, links, events] = await Promise.all([
    db.tag.findMany({ orderBy: { id: 'asc' } }),
    db.tagAlias.findMany({ orderBy: { slug: 'asc' } }),
    db.tagSynonym.findMany({ orderBy: [{ tagId: 'asc' }, { term: 'asc' }] }),
    db.localIssueTag.findMany({ orderBy: [{ localIssueId: 'asc' }, { tagId: 'asc' }] }),
    db.auditEvent.count(),
  ]);
  return { tags, aliases, synonyms, links, events };
}

/** A file's tags in a comparable form: by slug, synonyms as stored (normalised) and sorted. */
const comparable = (tags: readonly TaxonomyFileTag[]) =>
  [...tags]
    .map((tag) => ({
      ...tag,
      synonyms: [...new Set(tag.synonyms.map(normaliseTerm))].sort(),
      aliases: [...tag.aliases].sort(),
    }))
    .sort((a, b) => a.slug.localeCompare(b.slug));

describeEachProvider('the taxonomy file and the database', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const tagBySlug = (slug: string) => db.tag.findUniqueOrThrow({ where: { slug } });

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, data);
    const user = await aUserWithPassword(db, 'analyst');
    analyst = aUser('analyst', { userId: user.id, name: 'Thandi Analyst' });
  });

  it('exports a freshly seeded taxonomy as the committed file holds it', async () => {
    const exported = await exportTaxonomy(db, analyst);
    expect(TaxonomySchema.safeParse(exported).success).toBe(true);
    expect(comparable(exported.tags)).toEqual(comparable(data.tags));
  });

  it('changes nothing when seeded again after an analyst renamed and merged tags', async () => {
    const vehicles = await tagBySlug('vehicles');
    await renameTag(db, analyst, {
      id: vehicles.id,
      version: vehicles.version,
      name: 'Fleet',
      slug: 'fleet',
      description: vehicles.description,
    });
    const [source, target] = [await tagBySlug('vehicle-shortage'), await tagBySlug('maintenance-turnaround')];
    await mergeTags(db, analyst, {
      sourceId: source.id,
      sourceVersion: source.version,
      targetId: target.id,
      targetVersion: target.version,
    });
    const before = await taxonomySnapshot(db);
    const again = await seedDatabase(db, data);
    expect(again.created.tags).toBe(0);
    expect(again.notes).toEqual([]);
    expect(await taxonomySnapshot(db)).toEqual(before);
  });

  it('adds a tag new to the file under the tag its parent’s old slug leads to now', async () => {
    const tyres: TaxonomyFileTag = {
      slug: 'tyres',
      name: 'Worn tyres',
      parent: 'vehicles',
      description: 'Vehicles that stand because their tyres are worn and not replaced.',
      synonyms: ['bald tyres', 'Police van'],
      routesTo: 'SAPS',
      aliases: [],
    };
    const withTyres: SeedData = { ...data, tags: [...data.tags, tyres] };
    const result = await seedDatabase(db, withTyres);
    expect(result.created.tags).toBe(1);
    // "police van" is a synonym of vehicles (now fleet), so the new tag does not take it.
    expect(result.notes).toEqual(['tyres: left out the synonym "police van", which leads to fleet']);
    const added = await db.tag.findUniqueOrThrow({
      where: { slug: 'tyres' },
      include: { parent: true, synonyms: true, routingDepartment: true },
    });
    expect(added.parent?.slug).toBe('fleet');
    expect(added.synonyms.map((synonym) => synonym.term)).toEqual(['bald tyres']);
    expect(added.routingDepartment?.code).toBe('SAPS');
  });

  it('changes nothing when the export, committed back as the file, seeds the database it came from', async () => {
    const fleet = await tagBySlug('fleet');
    await addTag(db, analyst, {
      name: 'Fuel cards',
      description: 'Vehicles that stand because the fuel card is blocked or its limit is used up.',
      parentId: fleet.id,
    });
    const exported = await exportTaxonomy(db, analyst);
    const before = await taxonomySnapshot(db);
    const again = await seedDatabase(db, { ...data, tags: exported.tags });
    expect(Object.values(again.created).every((count) => count === 0)).toBe(true);
    expect(await taxonomySnapshot(db)).toEqual(before);
  });

  it('exports what the analysts did, and a new database seeded from the export holds the same taxonomy', async () => {
    const exported = await exportTaxonomy(db, analyst);
    const fleet = exported.tags.find((tag) => tag.slug === 'fleet');
    expect(fleet?.aliases).toEqual(['vehicles']);
    expect(exported.tags.find((tag) => tag.slug === 'maintenance-turnaround')).toMatchObject({
      parent: 'fleet',
      aliases: ['vehicle-shortage'],
      synonyms: expect.arrayContaining(['not enough vans', 'too few vehicles']),
    });
    expect(exported.tags.some((tag) => tag.slug === 'vehicle-shortage')).toBe(false);

    const fresh = await createTestDatabase(database().provider.name);
    const provider = providerFor(database().provider.name, fresh.url);
    const freshDb = provider.createClient();
    try {
      await seedDatabase(freshDb, { ...data, tags: exported.tags });
      expect(comparable((await exportTaxonomy(freshDb, analyst)).tags)).toEqual(comparable(exported.tags));
      // The seeded issues that named the merged tag carry the tag it went into.
      const merged = await freshDb.localIssueTag.count({ where: { tag: { slug: 'maintenance-turnaround' } } });
      expect(merged).toBe(await db.localIssueTag.count({ where: { tag: { slug: 'maintenance-turnaround' } } }));
    } finally {
      await freshDb.$disconnect();
      await provider.close();
      await fresh.drop();
    }
  });

  it('gives a database seeded from an older file the synonyms the file gained, never undoing an analyst', async () => {
    const queues = await tagBySlug('queues-waiting-times');
    const delivery = await tagBySlug('medicine-delivery');
    // As the database stood before the file gained these everyday words.
    await db.tagSynonym.deleteMany({ where: { tagId: queues.id, term: { in: ['queues', 'queue', 'long waits'] } } });
    await db.tagSynonym.deleteMany({ where: { tagId: delivery.id, term: 'delivery' } });
    // An analyst removed one of the file's words, and gave another to a different tag.
    await removeTagSynonym(db, analyst, { id: queues.id, version: queues.version, term: 'waiting' });
    const hours = await tagBySlug('opening-hours');
    await addTagSynonym(db, analyst, { id: hours.id, version: hours.version, term: 'Queue' });

    expect(await seedFileSynonyms(db, data.tags)).toBe(3);
    const termsOf = async (id: string) =>
      (await db.tagSynonym.findMany({ where: { tagId: id } })).map((synonym) => synonym.term);
    expect(await termsOf(queues.id)).toEqual(expect.arrayContaining(['queues', 'long waits']));
    expect(await termsOf(queues.id)).not.toContain('waiting');
    expect(await termsOf(queues.id)).not.toContain('queue');
    expect(await termsOf(delivery.id)).toContain('delivery');
    expect(await tagBySlug('medicine-delivery')).toMatchObject({ version: delivery.version + 1 });
    const events = await db.auditEvent.findMany({
      where: { entityId: delivery.id, action: 'tag.synonym_added' },
    });
    expect(events).toMatchObject([{ actorLabel: 'CBM Tracker seed', changes: { term: 'delivery' } }]);

    const before = await taxonomySnapshot(db);
    expect(await seedFileSynonyms(db, data.tags)).toBe(0);
    expect(await taxonomySnapshot(db)).toEqual(before);
  });
});
