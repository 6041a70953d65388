import { parseFeed } from '@rowanmanning/feed-parser';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { WITHHELD_TEXT } from '../../../../src/domain/privacy/public-text.ts';
import { DEFAULT_OPEN_DATA_LICENCE } from '../../../../src/lib/cases/open-data-files.ts';
import { publicCaseFeed, type CaseFeedRequest } from '../../../../src/server/services/cases/case-feed-service.ts';
import { openData, openDataFile } from '../../../../src/server/services/cases/open-data-service.ts';
import { commentOnCase } from '../../../../src/server/services/cases/response-plan-service.ts';
import { renameTag } from '../../../../src/server/services/taxonomy/taxonomy-service.ts';
import { aDepartment } from '../../../fixtures/builders.ts';
import { atomSchemaProblems } from '../../../support/atom-schema.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const SITE = 'https://cbm.example.org';
const PUBLIC_REFERENCES = ['SC-2016-0001', 'SC-2016-0002', 'SC-2016-0003'];
/** The seeded internal case and its title (a tag of the taxonomy shares its first words), which no public output holds. */
const INTERNAL = /SC-2016-0004|arrest targets have unintended effects/;
/** Planted in a public comment: a name and a phone number, which the gate withholds. */
const PLANTED = 'Call Captain Thabo Mthembu on 082 555 1234 about the vans.';

/*
 * The Atom feeds and the open data of the seeded pilot data (public cases SC-2016-0001 to 0003, internal
 * SC-2016-0004), read through the services on each database.
 */
describeEachProvider('the public feeds and open data', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  const feed = async (request: CaseFeedRequest) => {
    const answer = await publicCaseFeed(db, request, SITE);
    if (!('xml' in answer)) throw new Error(`The feed moved to ${answer.movedTo}`);
    return answer.xml;
  };
  const openDataText = async () => {
    const zip = unzipSync((await openDataFile(db, 'zip', DEFAULT_OPEN_DATA_LICENCE, SITE)).bytes);
    const json = new TextDecoder().decode((await openDataFile(db, 'json', DEFAULT_OPEN_DATA_LICENCE, SITE)).bytes);
    return {
      zip,
      json,
      csv: Object.values(zip)
        .map((file) => strFromU8(file))
        .join('\n'),
    };
  };

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });

  it('feeds every public event of the public cases, valid Atom with stable ids, and nothing of the internal case', async () => {
    const xml = await feed({ kind: 'all' });
    expect(atomSchemaProblems(xml)).toEqual([]);
    const parsed = parseFeed(xml).toJSON();
    const references = new Set(parsed.items.map((item) => /SC-\d{4}-\d{4}$/.exec(item.url ?? '')?.[0]));
    expect([...references].sort()).toEqual(PUBLIC_REFERENCES);
    expect(parsed.items.every((item) => /^urn:uuid:[0-9a-f-]{36}$/.test(item.id ?? ''))).toBe(true);
    expect(parsed.items.every((item) => item.authors.length === 1)).toBe(true);
    expect(xml).not.toMatch(INTERNAL);
    expect(await feed({ kind: 'all' })).toBe(xml);
  });

  it('feeds a department’s, a province’s and a tag’s cases as the public list filters them', async () => {
    const saps = await feed({ kind: 'department', code: 'SAPS' });
    expect(atomSchemaProblems(saps)).toEqual([]);
    expect(saps).toContain('/cases/SC-2016-0002');
    expect(saps).not.toMatch(/SC-2016-000[134]/);

    const mpumalanga = await feed({ kind: 'province', slug: 'mpumalanga' });
    expect(atomSchemaProblems(mpumalanga)).toEqual([]);
    expect(mpumalanga).toContain('/cases/SC-2016-0001');

    const tag = await db.tag.findFirstOrThrow({
      where: { localIssues: { some: { localIssue: { cases: { some: { case: { reference: 'SC-2016-0002' } } } } } } },
    });
    const tagged = await feed({ kind: 'tag', slug: tag.slug });
    expect(atomSchemaProblems(tagged)).toEqual([]);
    expect(tagged).toContain('/cases/SC-2016-0002');
    expect(tagged).not.toMatch(INTERNAL);

    // A department with no public case: a valid feed with no entry, dated by the last public change.
    const empty = await feed({ kind: 'department', code: (await aDepartment(db)).code });
    expect(atomSchemaProblems(empty)).toEqual([]);
    expect(empty).not.toContain('<entry>');
  });

  it('has no feed for a department, province or tag it does not know, and sends a former tag slug on', async () => {
    for (const request of [
      { kind: 'department', code: 'NO-SUCH' },
      { kind: 'province', slug: 'kwazulu_natal' },
      { kind: 'province', slug: 'atlantis' },
      { kind: 'tag', slug: 'no-such-tag' },
    ] as const) {
      expect(await refusalOf(publicCaseFeed(db, request, SITE)), JSON.stringify(request)).toMatchObject({
        code: 'not_found',
      });
    }
    const tag = await db.tag.findFirstOrThrow({ where: { mergedIntoId: null, parentId: { not: null } } });
    const renamed = { name: tag.name, slug: `${tag.slug}-renamed`, description: tag.description };
    await renameTag(db, analyst, { id: tag.id, version: tag.version, ...renamed });
    expect(await publicCaseFeed(db, { kind: 'tag', slug: tag.slug }, SITE)).toEqual({
      movedTo: `/tags/${tag.slug}-renamed/cases.atom`,
    });
  });

  it('writes the open data of the public cases only, with every table and the taxonomy', async () => {
    const data = await openData(db, DEFAULT_OPEN_DATA_LICENCE, SITE);
    const rows = (name: string) => data.tables.find((table) => table.name === name)!.rows;
    expect(rows('cases').map((row) => row[0])).toEqual(PUBLIC_REFERENCES);
    expect(rows('case_events').length).toBeGreaterThan(3);
    expect(rows('case_districts').length).toBeGreaterThan(3);
    expect(rows('taxonomy').length).toBeGreaterThan(50);
    const { zip, json, csv } = await openDataText();
    expect(Object.keys(zip)).toContain('cases.csv');
    expect(JSON.parse(json).tables.cases.map((row: { reference: string }) => row.reference)).toEqual(PUBLIC_REFERENCES);
    expect(csv).not.toMatch(INTERNAL);
    expect(json).not.toMatch(INTERNAL);
  });

  it('holds a new public comment at once, withheld while it names a person', async () => {
    const before = await openDataText();
    await commentOnCase(db, analyst, { reference: 'SC-2016-0002', comment: 'Monitors return in May.', isPublic: true });
    await commentOnCase(db, analyst, { reference: 'SC-2016-0002', comment: PLANTED, isPublic: true });
    const after = await openDataText();
    expect(after.json).not.toBe(before.json);
    expect(after.json).toContain('Monitors return in May.');
    expect(after.json).toContain(WITHHELD_TEXT);
    const xml = await feed({ kind: 'department', code: 'SAPS' });
    expect(xml).toContain('Monitors return in May.');
    for (const text of [after.json, after.csv, xml]) expect(text).not.toMatch(/Mthembu|082 555/);
  });
});
