// The CSV downloads of the facilities, clusters and overdue commitments: through their routes, as the list
// page filters, scopes and sorts them, across chunks, and safe to open in a spreadsheet.
import Papa from 'papaparse';
import { beforeAll, expect, it } from 'vitest';
import type { APIRoute } from 'astro';
import type { Db } from '../../../src/db/client.ts';
import { GET as clustersCsv } from '../../../src/pages/clusters/export.csv.ts';
import { GET as overdueCsv } from '../../../src/pages/commitments/overdue.csv.ts';
import { GET as facilitiesCsv } from '../../../src/pages/facilities/export.csv.ts';
import { createContext } from '../../../src/server/trpc/context.ts';
import { createCaller } from '../../../src/server/trpc/root.ts';
import { aUser } from '../../fixtures/actors.ts';
import { aCommitment, aFacility } from '../../fixtures/builders.ts';
import { describeEachProvider } from '../../support/test-database.ts';

describeEachProvider('CSV downloads of lists', (database) => {
  let db: Db;
  let ownStationId: string;
  let otherStationId: string;

  const download = async (route: APIRoute, address: string, actor = aUser('analyst')) => {
    const response = await route({
      locals: { trpc: createCaller(createContext(db, actor)) },
      url: new URL(`http://localhost${address}`),
    } as never);
    const text = response.status === 200 ? await response.text() : '';
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    return { status: response.status, rows };
  };

  beforeAll(async () => {
    ({ db } = database());
    for (let n = 0; n < 104; n += 1) {
      await aFacility(db, { name: `Exported clinic ${String(n).padStart(3, '0')}`, province: 'limpopo' });
    }
    await aFacility(db, { name: '=HYPERLINK("http://x.invalid") Exported clinic', province: 'limpopo' });
    await aFacility(db, { name: 'Exported clinic elsewhere', province: 'free_state' });
    ownStationId = (await aFacility(db, { name: 'Own station', province: 'gauteng' })).id;
    otherStationId = (await aFacility(db, { name: 'Other station', province: 'gauteng' })).id;
    const past = new Date('2020-01-31T00:00:00Z');
    await aCommitment(db, { id: ownStationId }, { commitment: '+27 vans repaired', dueOn: past });
    await aCommitment(db, { id: otherStationId }, { commitment: 'Queues shortened', dueOn: past });
    await aCommitment(db, { id: ownStationId }, { commitment: 'Not yet due', dueOn: new Date('2099-01-01') });
    for (const [label, issueCount] of [
      ['Stock-outs', 5],
      ['Long queues', 3],
      ['-Broken vans', 2],
    ] as const) {
      await db.cluster.create({ data: { label, issueCount, facilityCount: issueCount, provinceCount: 1 } });
    }
  });

  it('downloads every facility the filters match, in the sorted order, over more than one chunk', async () => {
    const { status, rows } = await download(
      facilitiesCsv,
      '/facilities/export.csv?province=limpopo&q=exported&sort=name&direction=desc&page=3',
    );
    expect(status).toBe(200);
    expect(rows).toHaveLength(105);
    expect(rows.every((row) => row.province === 'limpopo')).toBe(true);
    const numbered = rows.map((row) => row.name ?? '').filter((name) => name.startsWith('Exported clinic'));
    expect(numbered.slice(0, 2)).toEqual(['Exported clinic 103', 'Exported clinic 102']);
    expect(rows.map((row) => row.name)).toContain(`'=HYPERLINK("http://x.invalid") Exported clinic`);
  });

  it('refuses a download whose filters the list would not recognise, rather than give the whole list', async () => {
    const { status } = await download(facilitiesCsv, '/facilities/export.csv?province=atlantis');
    expect(status).toBe(400);
  });

  it("downloads the overdue commitments in a facilitator's own scope only", async () => {
    const facilitator = aUser('facilitator', { facilityIds: [ownStationId] });
    const own = await download(overdueCsv, '/commitments/overdue.csv?province=gauteng', facilitator);
    expect(own.rows.map((row) => row.commitment)).toEqual([`'+27 vans repaired`]);
    expect(own.rows[0]).toMatchObject({ facility_name: 'Own station', due_on: '2020-01-31', status: 'not_started' });
    const everyone = await download(overdueCsv, '/commitments/overdue.csv?province=gauteng');
    expect(everyone.rows.map((row) => row.commitment).sort()).toEqual([`'+27 vans repaired`, 'Queues shortened']);
  });

  it('downloads the clusters as sorted, and only to analysts and administrators', async () => {
    const { rows } = await download(clustersCsv, '/clusters/export.csv?sort=issues&direction=asc');
    expect(rows.map((row) => [row.name, row.issues])).toEqual([
      [`'-Broken vans`, '2'],
      ['Long queues', '3'],
      ['Stock-outs', '5'],
    ]);
    const refused = await download(clustersCsv, '/clusters/export.csv', aUser('facilitator'));
    expect(refused.status).toBe(403);
  });
});
