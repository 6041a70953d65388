import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import { dialectOf } from '../../../../src/db/dialect.ts';
import { searchLocalIssues } from '../../../../src/server/services/capture/local-issue-search.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aFacility, aLocalIssue } from '../../../fixtures/builders.ts';
import { insertSyntheticIssues } from '../../../bench/support/synthetic-issues.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

/** Issues by a short name, so that the expectations below read as prose. */
const ISSUES = {
  garage: {
    title: 'Police vehicle waits at the garage for months',
    description: 'The only van is booked in for repairs.',
  },
  vans: {
    title: 'Two vans for a large township',
    description: 'Patrol vehicles are too few for the informal settlement.',
  },
  transport: {
    title: 'No clinic transport for referred patients',
    description: 'Patients wait all day for an ambulance.',
  },
  stockout: { title: 'Chronic medicine stock runs out', description: 'Patients go home without their medicines.' },
  queues: { title: 'Long queues at the SASSA pay point', description: 'Pensioners queue from five in the morning.' },
} as const;
type Name = keyof typeof ISSUES;

/**
 * The one list of queries and the issues each must find (in any order), run on both databases:
 * word forms, words from root causes, and punctuation that must do no harm.
 */
const QUERIES: [query: string, expected: Name[]][] = [
  ['vehicles', ['garage', 'vans']],
  ['vehicle', ['garage', 'vans']],
  ['van', ['garage', 'vans']],
  ['garage repairs', ['garage']],
  ['medicines', ['stockout']],
  ['medicine stock', ['stockout']],
  ['queue', ['queues']],
  ['clinic-transport', ['transport']],
  ['ambulance', ['transport']],
  ['procurement', ['garage']],
  ['SAPS: vehicles', []],
  ['"unbalanced', []],
  ['vehicles "', ['garage', 'vans']],
  ['(stock) OR', ['stockout']],
  ['the queues', ['queues']],
  ['*', []],
  ['', []],
];

describeEachProvider('searching local issues', (database) => {
  let db: Db;
  const idOf = new Map<string, Name>();
  beforeAll(async () => {
    ({ db } = database());
    const facility = await aFacility(db);
    for (const [name, fields] of Object.entries(ISSUES) as [Name, (typeof ISSUES)[Name]][]) {
      const issue = await aLocalIssue(db, facility, fields);
      idOf.set(issue.id, name);
    }
    const garage = [...idOf].find(([, name]) => name === 'garage')![0];
    await db.rootCause.create({
      data: {
        localIssueId: garage,
        statement: 'Repairs need a procurement process above the station',
        level: 'national',
        category: 'supply_chain',
      },
    });
  });

  it.each(QUERIES)('finds the right issues for "%s"', async (query, expected) => {
    const found = await searchLocalIssues(db, aUser('analyst'), { q: query });
    expect(found.map((issue) => idOf.get(issue.id)).sort()).toEqual([...expected].sort());
  });

  it('finds, for the duplicate hint, the newest issues that hold every word of each text, harmless to hostile input', async () => {
    const dialect = dialectOf(db);
    const named = async (texts: string[], perText: number) =>
      (await dialect.latestIssuesWithWords(db, texts, perText)).map((id) => idOf.get(id)).sort();
    expect(await named(['vehicles', 'medicines'], 10)).toEqual(['garage', 'stockout', 'vans']);
    expect(await named(['vehicle garage'], 10)).toEqual(['garage']);
    expect(await named(['"vehicles" OR', '*', '', 'the'], 10)).toEqual(['garage', 'vans']);
    // The newer of the two issues about vehicles (created later).
    expect(await named(['vehicles'], 1)).toEqual(['vans']);
  });

  it('ranks an issue with the words in its title above one with them in its description', async () => {
    const found = await searchLocalIssues(db, aUser('analyst'), { q: 'vehicle' });
    expect(idOf.get(found[0]!.id)).toBe('garage');
  });

  it('shows nothing to a facilitator of another facility', async () => {
    expect(
      await searchLocalIssues(db, aUser('facilitator', { facilityIds: ['another-facility'] }), { q: 'vehicles' }),
    ).toEqual([]);
  });

  it("finds a facilitator's own issues even when many better matches elsewhere come first", async () => {
    const elsewhere = await aFacility(db);
    for (let n = 0; n < 30; n += 1) {
      await aLocalIssue(db, elsewhere, { title: `Borehole pump broken, borehole dry, report ${n}` });
    }
    const own = await aFacility(db);
    const mine = await aLocalIssue(db, own, { title: 'Water tanker late', description: 'The borehole is far.' });
    const found = await searchLocalIssues(db, aUser('facilitator', { facilityIds: [own.id] }), {
      q: 'borehole',
      limit: 5,
    });
    expect(found.map((issue) => issue.id)).toEqual([mine.id]);
  });

  it("finds a facilitator's own issue behind more than 6,400 better matches elsewhere, in one ranking", async () => {
    const elsewhere = await aFacility(db);
    await insertSyntheticIssues(
      db,
      Array.from({ length: 6_500 }, (_, n) => ({ title: `Clinic queue ${n}`, description: 'The clinic queue.' })),
    );
    await db.localIssue.updateMany({
      where: { title: { startsWith: 'Clinic queue ' } },
      data: { facilityId: elsewhere.id },
    });
    const own = await aFacility(db);
    const mine = await aLocalIssue(db, own, {
      title: 'Roof leaks in the waiting room',
      description: 'When it rains, patients wait outside the clinic under the trees for hours and hours.',
    });
    const found = await searchLocalIssues(db, aUser('facilitator', { facilityIds: [own.id] }), { q: 'clinic' });
    expect(found.map((issue) => issue.id)).toEqual([mine.id]);
  });
});
