// What one request may read of the local issues: pages stop at MAX_PAGE, and the CSV download reads its rows a
// chunk at a time. Over 4,050 issues: more than 100 pages of 25, and more than 999 that share a word.
import Papa from 'papaparse';
import { TRPCError } from '@trpc/server';
import { beforeAll, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { GET as exportRoute } from '../../../src/pages/issues/export.csv.ts';
import { MAX_PAGE } from '../../../src/lib/lists/pagination.ts';
import { describeZodIssues } from '../../../src/lib/forms/zod-issues.ts';
import { MAX_EXPORT_CHUNK } from '../../../src/server/services/capture/local-issue-queries.ts';
import { createContext } from '../../../src/server/trpc/context.ts';
import { createCaller, type AppCaller } from '../../../src/server/trpc/root.ts';
import { aUser } from '../../fixtures/actors.ts';
import { aFacility, aLocalIssue } from '../../fixtures/builders.ts';
import { insertSyntheticIssues } from '../../bench/support/synthetic-issues.ts';
import { describeEachProvider } from '../../support/test-database.ts';

const QUEUES = 3_000;
const CLINIC_ISSUES = 1_050;

describeEachProvider('bounded lists of local issues', (database) => {
  let analyst: AppCaller;
  let clinicId: string;

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        if (!(error instanceof TRPCError)) throw error;
        return error;
      },
    );
  /** The one-line message clients get over HTTP (trpc.ts formats Zod issues so). */
  const messageOf = (error: TRPCError) =>
    error.cause instanceof ZodError ? describeZodIssues(error.cause).join('; ') : error.message;
  const rowsOf = (csv: string) =>
    Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

  beforeAll(async () => {
    const { db } = database();
    analyst = createCaller(createContext(db, aUser('analyst')));
    // insertSyntheticIssues spreads issues over every facility: the clinic is made after the first batch.
    await aFacility(db, { name: 'Big Pay Point' });
    await insertSyntheticIssues(
      db,
      Array.from({ length: QUEUES }, (_, n) => ({ title: `Queue at the pay point ${n}`, description: 'Long queues.' })),
    );
    const clinic = await aFacility(db, { name: 'Clinic', kind: 'clinic', sector: 'health' });
    clinicId = clinic.id;
    const ids = await insertSyntheticIssues(
      db,
      Array.from({ length: CLINIC_ISSUES - 2 }, (_, n) => ({
        title: `Clinic runs out of medicine ${String(n).padStart(4, '0')}`,
        description: 'The clinic sent patients home.',
      })),
    );
    await db.localIssue.updateMany({ where: { id: { in: ids.slice(0, 900) } }, data: { facilityId: clinic.id } });
    await db.localIssue.updateMany({ where: { id: { in: ids.slice(900) } }, data: { facilityId: clinic.id } });
    // Two raised on other days, so that the export's order (newest raised first) spans dates.
    await aLocalIssue(db, clinic, { title: 'Clinic newest', raisedOn: new Date('2026-09-01T00:00:00Z') });
    await aLocalIssue(db, clinic, { title: 'Clinic oldest', raisedOn: new Date('2020-01-01T00:00:00Z') });
  }, 120_000);

  it('refuses a page past the last one served, saying how to see further', async () => {
    const refused = await refusal(analyst.localIssue.list({ page: MAX_PAGE + 1 }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(messageOf(refused)).toBe(`page: at most ${MAX_PAGE}: narrow the filters to see what lies further`);
    const admin = createCaller(createContext(database().db, aUser('admin')));
    expect((await refusal(admin.admin.auditEvents({ page: MAX_PAGE + 1 }))).code).toBe('BAD_REQUEST');
  });

  it('counts every issue of a list but no more pages than it serves', async () => {
    const page = await analyst.localIssue.list({});
    expect(page).toMatchObject({ total: QUEUES + CLINIC_ISSUES, pageSize: 25, pageCount: MAX_PAGE });
    const clinicOnly = await analyst.localIssue.list({ facilityId: clinicId });
    expect(clinicOnly).toMatchObject({ total: CLINIC_ISSUES, pageCount: 42 });
  });

  it('searches a word more than a thousand issues hold, by relevance or sorted', async () => {
    const found = await analyst.localIssue.list({ q: 'clinic', pageSize: 100 });
    expect(found.total).toBe(CLINIC_ISSUES);
    expect(found.items).toHaveLength(100);
    const byTitle = await analyst.localIssue.list({ q: 'clinic', sort: 'title', direction: 'asc', pageSize: 3 });
    expect(byTitle.items.map((issue) => issue.title)).toEqual([
      'Clinic newest',
      'Clinic oldest',
      'Clinic runs out of medicine 0000',
    ]);
    const lastPage = await analyst.localIssue.list({
      q: 'clinic',
      sort: 'title',
      direction: 'desc',
      page: 2,
      pageSize: 2,
    });
    expect(lastPage.items.map((issue) => issue.title)).toEqual([
      'Clinic runs out of medicine 1045',
      'Clinic runs out of medicine 1044',
    ]);
  });

  it('exports a chunk at a time, each naming where the next one starts', async () => {
    for (const filter of [{ facilityId: clinicId }, { q: 'clinic' }]) {
      const chunks = [];
      let next: { raisedOn: string; id: string } | undefined;
      do {
        const chunk = await analyst.localIssue.exportCsv({ ...filter, after: next });
        chunks.push(chunk);
        next = chunk.next ?? undefined;
      } while (next);
      expect(chunks.map((chunk) => chunk.count)).toEqual([MAX_EXPORT_CHUNK, MAX_EXPORT_CHUNK, 50]);
      const rows = rowsOf(chunks.map((chunk) => chunk.csv).join(''));
      expect(new Set(rows.map((row) => row.id)).size).toBe(CLINIC_ISSUES);
      expect(rows[0]?.title).toBe('Clinic newest');
      expect(rows.at(-1)?.title).toBe('Clinic oldest');
    }
  });

  it('refuses an export chunk larger than its cap', async () => {
    const refused = await refusal(analyst.localIssue.exportCsv({ chunkSize: MAX_EXPORT_CHUNK + 1 }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(messageOf(refused)).toBe(`chunkSize: Chunk size must be ${MAX_EXPORT_CHUNK} or less`);
  });

  it('streams the whole download from /issues/export.csv, one procedure call a chunk', async () => {
    let calls = 0;
    const counting = new Proxy(analyst.localIssue, {
      get: (target, property) =>
        property === 'exportCsv'
          ? (input: Parameters<AppCaller['localIssue']['exportCsv']>[0]) => {
              calls += 1;
              return target.exportCsv(input);
            }
          : Reflect.get(target, property),
    });
    const response = await exportRoute({
      locals: {
        trpc: new Proxy(analyst, {
          get: (target, property) => (property === 'localIssue' ? counting : Reflect.get(target, property)),
        }),
      },
      url: new URL(`http://localhost/issues/export.csv?facility=${clinicId}`),
    } as never);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await response.text();
    // Response.text() decodes as UTF-8 and drops the byte-order mark.
    expect(text.startsWith('id,external_ref,')).toBe(true);
    expect(rowsOf(text)).toHaveLength(CLINIC_ISSUES);
    expect(calls).toBe(3);
  });
});
