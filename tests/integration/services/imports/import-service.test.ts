import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import {
  type ImportRefused,
  importLocalIssues,
  type ImportRequest,
} from '../../../../src/server/services/imports/import-service.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aCsvRow, csvOf } from '../../../fixtures/import-csv.ts';
import { anActorWithAccount, aUserWithPassword } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('importing local issues from CSV', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });
  const run = (bytes: Uint8Array, options: Partial<ImportRequest> = {}, actor = analyst) =>
    importLocalIssues(
      db,
      { fileName: 'survey.csv', bytes, updateExisting: false, maxBytes: 1_048_576, ...options },
      actor,
    );
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as ImportRefused,
    );
  const count = () => db.localIssue.count({ where: { importSource: 'csv' } });

  it('imports every row with its tags and root causes, searchable at once, and queues cluster placement', async () => {
    const outcome = await run(csvOf([aCsvRow(1), aCsvRow(2, { tags: '', root_causes: '' }), aCsvRow(3, { wave: '' })]));
    expect(outcome).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    const first = await db.localIssue.findFirstOrThrow({
      where: { importSource: 'csv', externalRef: 'KOBO-00001' },
      include: { tags: { include: { tag: true } }, rootCauses: true, round: true },
    });
    expect(first.tags.map((link) => link.tag.slug)).toEqual(['stock-out']);
    expect(first.rootCauses).toMatchObject([
      { level: 'provincial', category: 'supply_chain', statement: 'Orders wait for approval at the depot' },
    ]);
    expect(first.round?.programme).toBe('kabokweni_ideal_clinic');
    expect(first.raisedOn.toISOString()).toBe('2016-05-30T00:00:00.000Z');
    const importRun = await db.importRun.findUniqueOrThrow({ where: { id: outcome.importRunId } });
    expect(importRun).toMatchObject({ outcome: 'succeeded', rowsTotal: 3, rowsCreated: 3, actorId: analyst.userId });
    expect(await db.outboxMessage.count({ where: { kind: 'cluster.place' } })).toBe(1);
    const sql =
      database().provider.name === 'sqlite'
        ? `SELECT count(*) AS n FROM local_issue_search WHERE local_issue_search MATCH 'depot'`
        : `SELECT count(*) AS n FROM local_issue_search WHERE document @@ websearch_to_tsquery('english', 'depot')`;
    expect(Number((await db.$queryRawUnsafe<{ n: number }[]>(sql))[0]?.n)).toBeGreaterThanOrEqual(2);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await count();
    const outcome = await run(csvOf([aCsvRow(1), aCsvRow(2, { tags: '', root_causes: '' }), aCsvRow(3, { wave: '' })]));
    expect(outcome).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await count()).toBe(before);
  });

  it('reports a changed row as a conflict and writes nothing, unless asked to update', async () => {
    const before = await count();
    const file = csvOf([aCsvRow(1, { title: 'A corrected title' }), aCsvRow(4)]);
    const refusal = await refusalOf(run(file));
    expect(refusal?.problems).toEqual([
      { line: 2, column: 'external_ref', value: 'KOBO-00001', reason: 'exists with other content (a conflict)' },
    ]);
    expect(await count()).toBe(before);
    const outcome = await run(file, { updateExisting: true });
    expect(outcome).toMatchObject({ created: 1, updated: 1 });
    const updated = await db.localIssue.findFirstOrThrow({ where: { importSource: 'csv', externalRef: 'KOBO-00001' } });
    expect(updated).toMatchObject({ title: 'A corrected title', version: 1 });
  });

  it('writes nothing when one row is bad, reports line, column, value and reason, and takes the corrected file', async () => {
    const before = await count();
    const rows = [
      aCsvRow(10),
      aCsvRow(11, { respondents_citing: '90', respondents_asked: '40' }),
      aCsvRow(12, { facility_code: 'NOPE-1' }),
    ];
    const refusal = await refusalOf(run(csvOf(rows)));
    expect(refusal?.message).toMatch(/Nothing was imported: 2 problem\(s\) in 2 row\(s\)/);
    expect(refusal?.problems).toEqual([
      {
        line: 3,
        column: 'respondents_citing',
        value: '90',
        reason: 'more respondents cite it (90) than were asked (40)',
      },
      { line: 4, column: 'facility_code', value: 'NOPE-1', reason: 'no facility has this code' },
    ]);
    expect(await count()).toBe(before);
    const failedRun = await db.importRun.findUniqueOrThrow({ where: { id: refusal!.importRunId! } });
    expect(failedRun).toMatchObject({ outcome: 'failed', rowsTotal: 3, rowsFailed: 2 });
    const corrected = [rows[0]!, aCsvRow(11), aCsvRow(12)];
    expect(await run(csvOf(corrected))).toMatchObject({ created: 3 });
  });

  it('takes everyday words as tags, and refuses a file with a word that only resembles tags, naming them', async () => {
    const before = await count();
    const everyday = aCsvRow(30, { tags: 'vans|Garage|vehicle maintenance|Medicine Delivery|QUEUES.' });
    const refusal = await refusalOf(
      run(csvOf([everyday, aCsvRow(31, { tags: 'ambulance delay' }), aCsvRow(32, { tags: 'shortage|teleportation' })])),
    );
    expect(refusal?.problems.map(({ line, column, reason }) => `line ${line}, ${column}: ${reason}`)).toEqual([
      'line 3, tags: "ambulance delay" is not a tag; did you mean "patient-transport"?',
      'line 4, tags: "shortage" is not a tag; did you mean "space-shortage", "staff-shortage", "vehicle-shortage" or "stock-out"?',
      'line 4, tags: "teleportation" is not a tag; use a slug, name or synonym from the taxonomy',
    ]);
    expect(await count()).toBe(before);

    expect(await run(csvOf([everyday]))).toMatchObject({ created: 1 });
    const issue = await db.localIssue.findFirstOrThrow({
      where: { importSource: 'csv', externalRef: 'KOBO-00030' },
      include: { tags: { include: { tag: true } } },
    });
    expect(issue.tags.map((link) => link.tag.slug).sort()).toEqual([
      'maintenance-turnaround',
      'medicine-delivery',
      'queues-waiting-times',
      'vehicles',
    ]);
  });

  it('reads a file with a byte-order mark, semicolons and Windows line ends', async () => {
    const outcome = await run(
      csvOf([aCsvRow(20, { description: 'Line one; still one\r\nline two' })], {
        delimiter: ';',
        lineEnd: '\r\n',
        bom: true,
      }),
    );
    expect(outcome.created).toBe(1);
    const issue = await db.localIssue.findFirstOrThrow({ where: { importSource: 'csv', externalRef: 'KOBO-00020' } });
    expect(issue.description).toBe('Line one; still one\r\nline two');
  });

  it('refuses a control character or bidirectional override in any cell, even past the first 64 KB, and keeps a readable report', async () => {
    const before = await count();
    const rows = Array.from({ length: 300 }, (_, index) => aCsvRow(5000 + index));
    rows.push(aCsvRow(5300, { title: 'Clinic closed\u0000 early', description: 'See \u202Eabove' }));
    const file = csvOf(rows, { bom: true });
    expect(file.length).toBeGreaterThan(65_536); // past the part read for a binary file's NUL bytes
    const refusal = await refusalOf(run(file));
    const problems = [
      {
        line: 302,
        column: 'title',
        value: 'Clinic closed[U+0000] early',
        reason: 'contains a control character (U+0000) at position 14; remove it',
      },
      {
        line: 302,
        column: 'description',
        value: 'See [U+202E]above',
        reason: 'contains the character U+202E (right-to-left override) at position 5; remove it',
      },
    ];
    expect(refusal?.problems).toEqual(problems);
    expect(await count()).toBe(before);
    // PostgreSQL keeps the report as JSON, which cannot hold a NUL: the report writes it out.
    const failedRun = await db.importRun.findUniqueOrThrow({ where: { id: refusal!.importRunId! } });
    expect(failedRun).toMatchObject({ outcome: 'failed', report: { problems } });
  });

  it('refuses a file over the size limit or a binary file before parsing', async () => {
    expect((await refusalOf(run(csvOf([aCsvRow(30)]), { maxBytes: 100 })))?.message).toMatch(/larger than 0 MB/);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
    expect((await refusalOf(run(zip)))?.problems[0]).toMatchObject({
      column: 'file',
      reason: expect.stringMatching(/not a text file/),
    });
  });

  it('refuses a row with too many columns', async () => {
    const text = new TextDecoder().decode(csvOf([aCsvRow(31)])).replace(/\n$/, ',surplus\n');
    expect((await refusalOf(run(new TextEncoder().encode(text))))?.problems).toMatchObject([
      { line: 2, column: 'row' },
    ]);
  });

  it('lets a facilitator import for their own facilities only', async () => {
    const clinic = await db.facility.findUniqueOrThrow({ where: { code: 'KIC-KABOKWENI-CLINIC' } });
    const facilitator = aUser('facilitator', { userId: analyst.userId, facilityIds: [clinic.id] });
    expect((await run(csvOf([aCsvRow(40)]), {}, facilitator)).created).toBe(1);
    const elsewhere = await refusalOf(
      run(csvOf([aCsvRow(41, { facility_code: 'NP-EC-KATKOP-SAPS', wave: '' })]), {}, facilitator),
    );
    expect(elsewhere?.problems).toMatchObject([
      { line: 2, column: 'facility_code', reason: 'you may import issues for your own facilities only' },
    ]);
  });

  it("refuses a facilitator's row whose reference another facility's issue has, whether or not they ask to update, and leaves that issue untouched", async () => {
    const station = { facility_code: 'NP-EC-KATKOP-SAPS', wave: '', external_ref: 'IDOR-REF-2' };
    await run(csvOf([aCsvRow(42, { ...station, title: 'Vans wait months at the garage' })]));
    const original = await db.localIssue.findFirstOrThrow({
      where: { importSource: 'csv', externalRef: 'IDOR-REF-2' },
    });
    const clinic = await db.facility.findUniqueOrThrow({ where: { code: 'KIC-KABOKWENI-CLINIC' } });
    const facilitator = aUser('facilitator', { userId: analyst.userId, facilityIds: [clinic.id] });
    const takeover = csvOf([aCsvRow(43), aCsvRow(44, { external_ref: 'IDOR-REF-2', title: 'Overwritten' })]);
    const expected = {
      line: 3,
      column: 'external_ref',
      value: 'IDOR-REF-2',
      reason: 'this reference is already used by an issue you cannot change; use another reference',
    };
    for (const [file, updateExisting] of [
      [takeover, true],
      [takeover, false],
    ] as const) {
      const refusal = await refusalOf(run(file, { updateExisting }, facilitator));
      expect(refusal?.problems).toEqual([expected]);
      // Nothing in the refusal tells where that issue is or what it says.
      expect(JSON.stringify(refusal?.message)).not.toMatch(/KATKOP|garage|conflict/i);
    }
    // Reported with the file's other problems, like any bad row.
    const withBadRow = csvOf([aCsvRow(45, { title: '' }), aCsvRow(44, { external_ref: 'IDOR-REF-2' })]);
    const both = await refusalOf(run(withBadRow, {}, facilitator));
    expect(both?.problems.map((problem) => [problem.line, problem.column])).toEqual([
      [2, 'title'],
      [3, 'external_ref'],
    ]);
    const after = await db.localIssue.findUniqueOrThrow({ where: { id: original.id } });
    expect(after).toMatchObject({ facilityId: original.facilityId, title: original.title, version: original.version });
    expect(await db.localIssue.count({ where: { externalRef: aCsvRow(43).external_ref } })).toBe(0);
  });

  it('writes a file of several chunks whole, and refuses it whole over conflicts in any chunk, listing them all', async () => {
    const before = await count();
    const many = Array.from({ length: 620 }, (_, index) => aCsvRow(1_000 + index, { wave: '' }));
    expect(await run(csvOf(many))).toMatchObject({ created: 620 });
    const last = await db.localIssue.findFirstOrThrow({ where: { importSource: 'csv', externalRef: 'KOBO-01619' } });
    expect(last.title).toBe(many[619]!.title);

    const edited = many.map((row, index) =>
      index === 3 || index === 610 ? { ...row, title: `Changed ${index}` } : row,
    );
    const extra = [...edited, aCsvRow(5_000, { wave: '' })];
    const refusal = await refusalOf(run(csvOf(extra)));
    expect(refusal?.problems.map((problem) => [problem.line, problem.value])).toEqual([
      [5, 'KOBO-01003'],
      [612, 'KOBO-01610'],
    ]);
    expect(await count()).toBe(before + 620);
    expect(await run(csvOf(extra), { updateExisting: true })).toMatchObject({ created: 1, updated: 2, unchanged: 618 });
  });

  it('imports the same file submitted twice at once only once', async () => {
    const before = await count();
    const file = csvOf([aCsvRow(50), aCsvRow(51), aCsvRow(52)]);
    const outcomes = await Promise.all([run(file), run(file)]);
    expect(outcomes.map((outcome) => outcome.created).sort()).toEqual([0, 3]);
    expect(await count()).toBe(before + 3);
  });
});

describeEachProvider('the downloadable import template', (database) => {
  it('imports as it is on the pilot data', async () => {
    const { db } = database();
    await seedDatabase(db, loadSeedData());
    const user = await aUserWithPassword(db, 'analyst');
    const bytes = readFileSync(
      new URL('../../../../public/templates/local-issues-import-template.csv', import.meta.url),
    );
    const outcome = await importLocalIssues(
      db,
      { fileName: 'template.csv', bytes, updateExisting: false, maxBytes: 1_048_576 },
      aUser('analyst', { userId: user.id }),
    );
    expect(outcome.created).toBe(2);
  });
});
