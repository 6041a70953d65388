import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { parseSurveyMappingText, type SurveyMapping } from '../../../../src/domain/imports/survey-mapping.ts';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import { parseCsv } from '../../../../src/lib/imports/read-csv.ts';
import { importLocalIssues, type ImportRefused } from '../../../../src/server/services/imports/import-service.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/survey-exports/${name}`, import.meta.url));
function mappingOf(name: string): SurveyMapping {
  const parsed = parseSurveyMappingText(fixture(name).toString('utf8'));
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.mapping;
}
const dataRows = (name: string) => parseCsv(fixture(name).toString('utf8')).rows.length;

describeEachProvider('importing KoboToolbox and ODK Central exports', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });
  const run = (file: string, mapping: SurveyMapping, updateExisting = false) =>
    importLocalIssues(
      db,
      { fileName: file, bytes: fixture(file), updateExisting, maxBytes: 1_048_576, mapping },
      analyst,
    );

  it('imports a KoboToolbox export under the form as source, keyed by _uuid, without the submitter', async () => {
    const outcome = await run('kobo-citizen-survey.csv', mappingOf('kobo-mapping.json'));
    expect(outcome).toMatchObject({ created: dataRows('kobo-citizen-survey.csv'), updated: 0, unchanged: 0 });
    const issue = await db.localIssue.findFirstOrThrow({
      where: { importSource: 'kobo:citizen-survey-2025', externalRef: 'f3d91d41-8fd1-4bcb-8f2e-97dcfdae9d6b' },
      include: { tags: { include: { tag: true } }, facility: true },
    });
    expect(issue).toMatchObject({
      title: 'Chronic medication not ready on collection day',
      source: 'citizen_survey',
      respondentsCiting: 14,
      respondentsAsked: 40,
      facility: { code: 'KIC-KABOKWENI-CLINIC' },
    });
    expect(issue.tags.map((link) => link.tag.slug)).toEqual(['stock-out']);
    expect(issue.raisedOn.toISOString()).toBe('2025-03-10T00:00:00.000Z');
    const everything = JSON.stringify(await db.localIssue.findMany({ where: { importRunId: outcome.importRunId } }));
    for (const name of ['Thandi Mokoena', 'Sipho Ndlovu', 'cbm_monitor_kabokweni']) {
      expect(everything).not.toContain(name);
    }
    const importRun = await db.importRun.findUniqueOrThrow({ where: { id: outcome.importRunId } });
    expect(importRun.source).toBe('kobo:citizen-survey-2025');
  });

  it('changes nothing when the same export is imported again', async () => {
    const outcome = await run('kobo-citizen-survey.csv', mappingOf('kobo-mapping.json'));
    expect(outcome).toMatchObject({ created: 0, updated: 0, unchanged: dataRows('kobo-citizen-survey.csv') });
  });

  it('imports an ODK Central export keyed by KEY, with SubmissionDate as the South African date', async () => {
    const outcome = await run('odk-citizen-survey.csv', mappingOf('odk-mapping.json'));
    expect(outcome.created).toBeGreaterThan(0);
    const issue = await db.localIssue.findFirstOrThrow({
      where: { importSource: 'odk:cbm_citizen_survey', externalRef: 'uuid:6f3ed78d-c687-4ee7-b3bd-4a04634d350b' },
    });
    expect(issue).toMatchObject({ title: 'Pay point has no toilets or shade', source: 'citizen_survey' });
    expect(issue.raisedOn.toISOString()).toBe('2025-03-14T00:00:00.000Z');
    expect(JSON.stringify(issue)).not.toContain('Lindiwe Mahlangu');
  });

  it('refuses an export whose mapped column is missing, naming the column, and writes nothing', async () => {
    const before = await db.localIssue.count();
    const refusal = await run('kobo-citizen-survey-missing-column.csv', mappingOf('kobo-mapping.json')).then(
      () => null,
      (error: unknown) => error as ImportRefused,
    );
    expect(refusal?.problems).toEqual([
      expect.objectContaining({
        line: 1,
        column: 'issue_title',
        reason: expect.stringMatching(/the mapping's "title" column "issue_title" is not in this export/),
      }),
    ]);
    expect(await db.localIssue.count()).toBe(before);
    const failed = await db.importRun.findUniqueOrThrow({ where: { id: refusal!.importRunId! } });
    expect(failed).toMatchObject({ outcome: 'failed', source: 'kobo:citizen-survey-2025' });
  });

  it('reports a bad answer with its line and the export column it came from', async () => {
    const mapping = mappingOf('kobo-mapping.json');
    const text = fixture('kobo-citizen-survey.csv')
      .toString('utf8')
      .replace('"KIC-KABOKWENI-CLINIC"', '"NO-SUCH-CLINIC"');
    const refusal = await importLocalIssues(
      db,
      { fileName: 'k.csv', bytes: Buffer.from(text), updateExisting: false, maxBytes: 1_048_576, mapping },
      analyst,
    ).then(
      () => null,
      (error: unknown) => error as ImportRefused,
    );
    expect(refusal?.problems).toEqual([
      {
        line: 2,
        column: 'group_facility/facility_code (facility_code)',
        value: 'NO-SUCH-CLINIC',
        reason: 'no facility has this code',
      },
    ]);
  });
});
