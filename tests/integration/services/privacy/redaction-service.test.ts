import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import type { Db } from '../../../../src/db/client.ts';
import { dialectOf } from '../../../../src/db/dialect.ts';
import type { ProviderName } from '../../../../src/db/provider-name.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { searchAllNeighbours } from '../../../../src/domain/clustering/cluster-records.ts';
import type { StoredVocabulary } from '../../../../src/domain/clustering/features.ts';
import { stemmedWords } from '../../../../src/domain/text/tokenize.ts';
import { redactPersonalData } from '../../../../src/domain/privacy/personal-data.ts';
import { SENTENCE_DIMENSIONS } from '../../../../src/server/clustering/sentence-encoder.ts';
import { renameCluster } from '../../../../src/server/services/clustering/cluster-decision-service.ts';
import { runDueClusterJobs } from '../../../../src/server/services/clustering/cluster-worker.ts';
import { importLocalIssues, type ImportRequest } from '../../../../src/server/services/imports/import-service.ts';
import { ENCODER_ID, type EmbedTexts } from '../../../../src/server/services/clustering/issue-embedding-service.ts';
import { reviewPersonalData, updateLocalIssue } from '../../../../src/server/services/capture/local-issue-service.ts';
import { STORED_COPY_COLUMNS } from '../../../../src/server/services/privacy/redaction-service.ts';
import { aCsvRow, csvOf } from '../../../fixtures/import-csv.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

// 100 characters, so that a cluster's label (the title's first 120) ends inside the name.
const lead = 'Patients who had queued from dawn were sent home untreated at the clinic gate twice, on the word of ';
const title = `${lead}Sister Nokuthula Mabasokazi (082 555 1234)`;
const description =
  'Her ID 8001015009087 was photocopied at the desk; complaints to qhawe.ntsundwana@clinicmail.co.za went unanswered.';
const statement = 'Matron Zodwa\nQwabekazi keeps the register locked';
const pieces = [
  'Nokuthula Mabasokazi',
  '082 555 1234',
  '8001015009087',
  'qhawe.ntsundwana@clinicmail.co.za',
  'Zodwa\nQwabekazi',
];
const words = ['nokuthula', 'mabasokazi', 'ntsundwana', 'clinicmail', 'qwabekazi', '8001015009087'];
/**
 * What must be found nowhere: each piece (and a line break as JSON writes it), each longer word of them,
 * and each word's tail, which a full-text index keeps even when the word shares its start with the term
 * stored before it. Tails of letters no hexadecimal id holds; a number's tail long enough not to turn up
 * in one by chance.
 */
const needles = [
  ...new Set([
    ...pieces,
    ...pieces.map((piece) => JSON.stringify(piece).slice(1, -1)),
    ...words,
    ...words.map((word) => word.slice(/^\d+$/.test(word) ? -8 : -6)),
  ]),
];

const likePattern = (needle: string) => `%${needle.replace(/[\\%_]/g, '\\$&')}%`;

/** "Table.column" of every column, in every table the database lists (full-text shadow tables included), holding a needle. */
async function columnsHolding(db: Db, provider: ProviderName): Promise<string[]> {
  const probes = JSON.stringify(needles.map((needle) => ({ like: likePattern(needle), raw: needle })));
  const hits: string[] = [];
  if (provider === 'sqlite') {
    const tables = await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    );
    for (const { name: table } of tables) {
      const columns = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('${table}')`);
      for (const { name: column } of columns) {
        const value = `"${table}"."${column}"`;
        const found = await db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*) AS n FROM json_each(?) AS probe WHERE EXISTS (
             SELECT 1 FROM "${table}" WHERE CAST(${value} AS TEXT) LIKE probe.value->>'like' ESCAPE '\\'
               OR instr(CAST(${value} AS BLOB), CAST(probe.value->>'raw' AS BLOB)) > 0
               OR instr(CAST(${value} AS BLOB), CAST(lower(probe.value->>'raw') AS BLOB)) > 0)`,
          probes,
        );
        if (Number(found[0]?.n) > 0) hits.push(`${table}.${column}`);
      }
    }
    return hits;
  }
  const columns = await db.$queryRawUnsafe<{ table: string; column: string; type: string }[]>(
    `SELECT table_name AS "table", column_name AS "column", data_type AS "type" FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  for (const { table, column, type } of columns) {
    const value = `"${table}"."${column}"`;
    const matches =
      type === 'bytea'
        ? `position(convert_to(probe->>'raw', 'UTF8') in ${value}) > 0
           OR position(convert_to(lower(probe->>'raw'), 'UTF8') in ${value}) > 0`
        : `${value}::text ILIKE probe->>'like' ESCAPE '\\'`;
    const found = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*) AS n FROM json_array_elements($1::json) AS probe
       WHERE EXISTS (SELECT 1 FROM "${table}" WHERE ${matches})`,
      probes,
    );
    if (Number(found[0]?.n) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

describeEachProvider('redacting personal data from an issue and every copy of it', (database) => {
  let db: Db;
  let provider: ProviderName;
  let analyst: SignedInActor;
  const run = (rows: ReturnType<typeof aCsvRow>[], options: Partial<ImportRequest> = {}) =>
    importLocalIssues(
      db,
      { fileName: 'survey.csv', bytes: csvOf(rows), updateExisting: false, maxBytes: 1_048_576, ...options },
      analyst,
    );
  const row = (overrides: Partial<ReturnType<typeof aCsvRow>> = {}) =>
    aCsvRow(90_001, { title, description, root_causes: `facility:staffing:${statement}`, ...overrides });
  const embedded: string[] = [];
  const embed: EmbedTexts = async (texts) => {
    embedded.push(...texts);
    return texts.map((_, index) => {
      const vector = new Float32Array(SENTENCE_DIMENSIONS);
      vector[index % SENTENCE_DIMENSIONS] = 1;
      return vector;
    });
  };

  beforeAll(async () => {
    ({ db } = database());
    provider = database().provider.name;
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });

  it('finds no copy of the seed data before the test writes any', async () => {
    expect(await columnsHolding(db, provider)).toEqual([]);
  });

  it('takes every removed piece out of every table, the search index and the embedding, and records one event', async () => {
    // The issue comes from an import; a later import updates it (what a rollback restores), one refuses a row.
    const created = await run([row()]);
    const refused = await run([
      row({ external_ref: 'KOBO-90002', title: `${title} ${'and more '.repeat(12)}` }),
      row({ external_ref: 'KOBO-90003', root_causes: `nowhere:staffing:${statement}` }),
    ]).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'invalid_input' });
    await run([row({ priority_votes: '7' })], { updateExisting: true });
    const issue = await db.localIssue.findFirstOrThrow({
      where: { importSource: 'csv', externalRef: 'KOBO-90001' },
      include: { rootCauses: true },
    });
    expect(issue.rootCauses.map((cause) => cause.statement)).toEqual([statement]);

    // An edit: the history keeps the text before and after.
    await updateLocalIssue(db, analyst, {
      id: issue.id,
      version: issue.version,
      facilityId: issue.facilityId,
      roundId: issue.roundId,
      title,
      description: `${description} Still unanswered in June.`,
      source: issue.source,
      respondentsCiting: issue.respondentsCiting,
      respondentsAsked: issue.respondentsAsked,
      priorityVotes: issue.priorityVotes,
      raisedOn: '2016-05-30',
      tags: ['stock-out'],
      rootCauses: [{ level: 'facility', category: 'staffing', statement }],
    });

    // Its cluster: the label cut from its title, a top term from the name, a rename and a decision.
    const label = title.slice(0, 120);
    expect(label.endsWith('Sister Nokuthula Mab')).toBe(true);
    const cluster = await db.cluster.create({
      data: {
        label,
        explanation: {
          topTerms: [
            { term: 'mabasokazi', weight: 0.6 },
            { term: 'queue', weight: 0.4 },
          ],
          sharedTags: ['stock-out'],
          escalation: [],
          department: [],
        },
      },
    });
    await db.localIssue.update({ where: { id: issue.id }, data: { clusterId: cluster.id } });
    await renameCluster(db, analyst, { clusterId: cluster.id, version: 0, label: 'Nokuthula Mabasokazi at the gate' });
    await db.clusterDecision.create({
      data: {
        clusterId: cluster.id,
        kind: 'confirm',
        payload: { localIssueIds: [issue.id], titles: [title] },
        note: 'Confirmed: Sister Nokuthula Mabasokazi is named in both reports',
        actorId: analyst.userId,
      },
    });
    await db.clusterRun.create({
      data: { status: 'failed', startedByLabel: 'test', message: `stopped at "${title}"` },
    });
    // A run's vocabulary (the duplicate hint's): single words and their stems, each held by one issue.
    const words = stemmedWords(`${title} ${description} ${statement}`);
    const vocabularyRun = await db.clusterRun.create({ data: { status: 'succeeded', startedByLabel: 'test' } });
    await db.clusteringVocabulary.create({
      data: {
        clusterRunId: vocabularyRun.id,
        features: {
          names: words.map((word) => word.stem),
          shownAs: words.map((word) => word.word),
          documentFrequency: words.map(() => 1),
          recordCount: 1,
          boilerplate: [statement.split('\n')[0]!],
        } satisfies StoredVocabulary,
      },
    });
    // Other copies: a rollback refused, a case's history, a mail that could not be sent, the embedding.
    await db.importRun.update({
      where: { id: created.importRunId },
      data: {
        rollbackRefusal: { message: 'in use', blockers: [{ localIssueId: issue.id, title, reason: 'in a cluster' }] },
      },
    });
    await db.outboxMessage.create({
      data: {
        kind: 'email',
        payload: { to: 'analyst@dpme.example', subject: title, text: `${description}\n${statement}` },
        status: 'failed',
        lastError: 'The server refused a mail naming 082 555 1234',
      },
    });
    await db.issueEmbedding.create({
      data: {
        localIssueId: issue.id,
        encoder: ENCODER_ID,
        textHash: 'before',
        vector: new Uint8Array(SENTENCE_DIMENSIONS * 4),
      },
    });

    const dialect = dialectOf(db);
    expect(await dialect.matchLocalIssues(db, 'Mabasokazi', 10)).toEqual([issue.id]);
    expect(await columnsHolding(db, provider)).toEqual(
      expect.arrayContaining([
        'AuditEvent.changes',
        'Cluster.customLabel',
        'Cluster.explanation',
        'Cluster.label',
        'ClusterDecision.note',
        'ClusterDecision.payload',
        'ClusterRun.message',
        'ClusteringVocabulary.features',
        'ImportRun.previousContent',
        'ImportRun.report',
        'ImportRun.rollbackRefusal',
        'LocalIssue.description',
        'LocalIssue.title',
        'OutboxMessage.lastError',
        'OutboxMessage.payload',
        'RootCause.statement',
        provider === 'sqlite' ? 'local_issue_search_data.block' : 'local_issue_search.document',
      ]),
    );

    const current = await db.localIssue.findUniqueOrThrow({ where: { id: issue.id } });
    expect(current.personalDataFlagged).toBe(true);
    const redactedAt = new Date();
    await reviewPersonalData(db, analyst, { id: issue.id, version: current.version, decision: 'redact' });

    const after = await db.localIssue.findUniqueOrThrow({ where: { id: issue.id }, include: { rootCauses: true } });
    expect(after.title).toBe(`${lead}Sister [name removed] ([phone number removed])`);
    expect(after.description).toBe(redactPersonalData(`${description} Still unanswered in June.`));
    expect(after.rootCauses.map((cause) => cause.statement)).toEqual([
      'Matron [name removed] keeps the register locked',
    ]);
    expect(await columnsHolding(db, provider)).toEqual([]);
    for (const word of ['Mabasokazi', 'Nokuthula', 'Qwabekazi', '8001015009087', 'ntsundwana']) {
      expect(await dialect.matchLocalIssues(db, word, 10)).toEqual([]);
    }
    expect(await dialect.matchLocalIssues(db, 'register locked', 10)).toEqual([issue.id]);

    // The copies read as the issue now does, and stay valid JSON.
    const rewritten = await db.cluster.findUniqueOrThrow({ where: { id: cluster.id } });
    expect(rewritten.label).toBe(`${lead}Sister [name removed]`);
    expect(rewritten.customLabel).toBe('[name removed] at the gate');
    expect(rewritten.explanation).toMatchObject({ topTerms: [{ term: '[name removed]' }, { term: 'queue' }] });
    const vocabulary = (await db.clusteringVocabulary.findFirstOrThrow()).features as StoredVocabulary;
    for (const name of ['nokuthula', 'mabasokazi', 'zodwa', 'qwabekazi']) {
      expect(vocabulary.shownAs).not.toContain(name);
      expect(vocabulary.names.some((stem) => name.startsWith(stem) && stem.length >= 5)).toBe(false);
    }
    expect(vocabulary.shownAs).toEqual(expect.arrayContaining(['register', 'queued', 'clinic']));
    expect(vocabulary.boilerplate).toEqual([]);
    const runs = await db.importRun.findMany({ where: { source: 'csv' }, orderBy: { startedAt: 'asc' } });
    const restorable = runs.flatMap(
      (importRun) => (importRun.previousContent ?? []) as { before: { title: string } }[],
    );
    expect(restorable.map((entry) => entry.before.title)).toEqual([after.title]);
    if (provider === 'sqlite') {
      for (const copy of STORED_COPY_COLUMNS.filter((column) => column.isJson)) {
        const invalid = await db.$queryRawUnsafe<{ n: number }[]>(
          `SELECT count(*) AS n FROM "${copy.table}" WHERE "${copy.column}" IS NOT NULL AND NOT json_valid("${copy.column}")`,
        );
        expect(Number(invalid[0]?.n), `${copy.table}.${copy.column}`).toBe(0);
      }
    }

    // One event: who, when, which kinds and how many copies; no text.
    const events = await db.auditEvent.findMany({
      where: { entityType: 'local_issue', entityId: issue.id, action: 'local_issue.personal_data_redacted' },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: analyst.userId,
      changes: {
        version: after.version,
        kinds: ['id_number', 'phone', 'email', 'named_person'],
        copiesRewritten: expect.any(Number),
      },
    });
    expect(events[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(redactedAt.getTime() - 1_000);
    // Two audit events (the edit, the rename), the three import runs, the cluster's label, name and top terms,
    // the decision's payload and note, the failed run, the run's vocabulary, the mail and its error.
    expect((events[0]!.changes as { copiesRewritten: number }).copiesRewritten).toBe(14);
    expect(Object.keys(events[0]!.changes as object).sort()).toEqual(['copiesRewritten', 'kinds', 'version']);

    // The stored embedding is gone; the worker embeds the redacted text again.
    expect(await db.issueEmbedding.findUnique({ where: { localIssueId: issue.id } })).toBeNull();
    await runDueClusterJobs(db, { search: searchAllNeighbours, embed });
    const again = embedded.filter((text) => text.startsWith(lead.slice(0, 40)));
    expect(again).toHaveLength(1);
    expect(again[0]).toContain('Sister [name removed]');
    expect(await db.issueEmbedding.findUnique({ where: { localIssueId: issue.id } })).not.toBeNull();
    expect(await columnsHolding(db, provider)).toEqual([]);
  });
});

/**
 * Columns reviewed as holding no copy of a local issue's text: the issue's own text (redacted in place),
 * names, codes and vocabulary, secrets, and what people write in records of their own (a case's
 * statement, a commitment), which a redaction of one issue does not rewrite.
 */
const NOT_COPIES = new Set([
  ...['Department.code', 'Department.name', 'Facility.code', 'Facility.name', 'Facility.district'],
  ...['Facility.localMunicipality', 'Facility.community'],
  ...['LocalIssue.title', 'LocalIssue.description', 'LocalIssue.importSource', 'LocalIssue.externalRef'],
  'RootCause.statement',
  ...['CharterCommitment.commitment', 'CharterCommitment.responsibleParty', 'CommitmentUpdate.note'],
  ...['Tag.slug', 'Tag.name', 'Tag.description', 'TagSynonym.term', 'TagAlias.slug'],
  ...['IssueEmbedding.encoder', 'IssueEmbedding.textHash', 'Cluster.spread', 'Theme.spread'],
  ...['ClusterRun.phase', 'ClusterRun.startedByLabel', 'ClusterRun.runnerToken', 'ClusterRun.runner'],
  ...['SystemicCase.reference', 'SystemicCase.title', 'SystemicCase.problemStatement'],
  ...['SystemicCase.rootCauseSynthesis', 'CaseEvent.actorLabel', 'CaseEvent.kind', 'CaseEvent.reason'],
  ...['ResponseAction.action', 'ResponseAction.responsible', 'ResponseAction.evidence'],
  ...['ResponseAction.evidenceUrl', 'ResponseAction.dropReason', 'CaseEvent.actorRole', 'CaseEvent.evidenceUrl'],
  ...['CaseDeadline.kind', 'CaseDeadline.outcome', 'FollowUpFinding.note'],
  // Notices name a case by its reference and title and say what to do; they never quote a local issue.
  ...['Notification.kind', 'Notification.title', 'Notification.body', 'Notification.path', 'Notification.onceKey'],
  ...['PeriodicJobRun.job', 'PeriodicJobRun.period'],
  // A review is kept against a text's digest, never the text.
  ...['PublicTextReview.textKey', 'PublicTextReview.decision', 'PublicTextReview.reviewedById', 'DataVersion.scope'],
  // Case events refer to local issues and never copy their text (docs/CASES.md): the database refuses to change one.
  'CaseEvent.changes',
  ...['AuditEvent.actorLabel', 'AuditEvent.entityType', 'AuditEvent.action'],
  ...['ImportRun.actorLabel', 'ImportRun.source', 'ImportRun.fileName', 'ImportRun.fileChecksum', 'ImportRun.phase'],
  ...['ImportRun.mapping', 'ImportRun.rolledBackBy', 'ImportRun.rollbackRequestedBy', 'ImportRun.runnerToken'],
  ...['ImportRun.runner', 'OutboxMessage.kind'],
  ...['AppSetting.key', 'AppSetting.value', 'User.name', 'User.email', 'User.image'],
  ...['Session.token', 'Session.ipAddress', 'Session.userAgent', 'Account.accountId', 'Account.providerId'],
  ...['Account.accessToken', 'Account.refreshToken', 'Account.idToken', 'Account.scope', 'Account.password'],
  ...['Verification.identifier', 'Verification.value', 'TwoFactor.secret', 'TwoFactor.backupCodes'],
  'SignInThrottle.key',
]);

describe('the columns a redaction rewrites', () => {
  it('cover every text and JSON column of the schema not reviewed as holding no copy', () => {
    const schema = readFileSync(new URL('../../../../prisma/schema.prisma', import.meta.url), 'utf8');
    const columns: string[] = [];
    let model: string | null = null;
    for (const line of schema.split('\n')) {
      const start = /^model (\w+) \{/.exec(line);
      if (start) model = start[1]!;
      else if (line.startsWith('}')) model = null;
      const field = /^\s+(\w+)\s+(String|Json)\??(\s|$)/.exec(line);
      // Ids and references to other rows hold no text.
      if (model && field && field[1] !== 'id' && !field[1]!.endsWith('Id')) columns.push(`${model}.${field[1]}`);
    }
    const rewritten = STORED_COPY_COLUMNS.map((copy) => `${copy.table}.${copy.column}`);
    expect(columns.filter((column) => !NOT_COPIES.has(column) && !rewritten.includes(column))).toEqual([]);
    expect(rewritten.filter((column) => !columns.includes(column))).toEqual([]);
  });
});
