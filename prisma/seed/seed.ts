import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../src/db/client.ts';
import type { AuditAction } from '../../src/domain/audit/audit-actions.ts';
import { fromCalendarDate } from '../../src/lib/calendar-date.ts';
import { replayCase } from '../../src/domain/cases/case-replay.ts';
import type { CaseMoveName } from '../../src/domain/cases/workflow.ts';
import { deadlineSettings, workingCalendarOf } from '../../src/server/services/cases/deadline-settings-service.ts';
import { planFileSynonyms, planTaxonomySeed } from '../../src/domain/taxonomy/taxonomy-file.ts';
import type { TagNode } from '../../src/domain/taxonomy/tree.ts';
import { lockTaxonomy } from '../../src/server/services/taxonomy/taxonomy-service.ts';
import type { SeedData } from './load-seed-data.ts';

export const SEED_SOURCE = 'seed';
const SEED_ACTOR = 'CBM Tracker seed';

/** The same key always gives the same id, so that a re-seeded database keeps its URLs. */
export function stableId(kind: string, key: string): string {
  const hex = createHash('sha256').update(`cbm:${kind}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface SeedResult {
  created: Record<string, number>;
  /** What the seed left out of the taxonomy because analysts changed it (see docs/TAXONOMY.md). */
  notes: string[];
}

/** Inserts the rows whose ids are not there yet; returns how many it inserted. */
async function insertMissing<Row extends { id: string }>(
  rows: Row[],
  findExisting: (ids: string[]) => Promise<{ id: string }[]>,
  insert: (rows: Row[]) => Promise<unknown>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const existing = new Set((await findExisting(rows.map((row) => row.id))).map((row) => row.id));
  const missing = rows.filter((row) => !existing.has(row.id));
  if (missing.length > 0) await insert(missing);
  return missing.length;
}

/**
 * Loads the pilot data. Idempotent: it only inserts what is missing and never updates, so a second
 * run changes nothing (not even an updatedAt). All of it happens in one transaction.
 */
export async function seedDatabase(db: Db, data: SeedData, now: Date = new Date()): Promise<SeedResult> {
  return db.$transaction(async (tx) => seedInTransaction(tx, data, now), { timeout: 120_000, maxWait: 30_000 });
}

async function seedInTransaction(tx: Tx, data: SeedData, now: Date): Promise<SeedResult> {
  const created: Record<string, number> = {};
  const notes: string[] = [];
  const departmentId = (code: string) => stableId('department', code);
  const facilityId = (code: string) => stableId('facility', code);
  const roundId = (r: { facilityCode: string; programme: string; wave: number }) =>
    stableId('round', `${r.facilityCode}/${r.programme}/${r.wave}`);
  const issueId = (ref: string) => stableId('local-issue', `${SEED_SOURCE}/${ref}`);
  const whereIds = (ids: string[]) => ({ where: { id: { in: ids } }, select: { id: true } });

  created.departments = await insertMissing(
    data.departments.map((d) => ({ id: departmentId(d.code), ...d })),
    (ids) => tx.department.findMany(whereIds(ids)),
    (rows) => tx.department.createMany({ data: rows }),
  );
  created.facilities = await insertMissing(
    data.facilities.map(({ departmentCode, ...facility }) => ({
      id: facilityId(facility.code),
      ...facility,
      departmentId: departmentId(departmentCode),
    })),
    (ids) => tx.facility.findMany(whereIds(ids)),
    (rows) => tx.facility.createMany({ data: rows }),
  );
  created.monitoringRounds = await insertMissing(
    data.rounds.map((round) => ({
      id: roundId(round),
      facilityId: facilityId(round.facilityCode),
      programme: round.programme,
      wave: round.wave,
      startedOn: fromCalendarDate(round.startedOn),
      endedOn: round.endedOn === null ? null : fromCalendarDate(round.endedOn),
      citizensInterviewed: round.citizensInterviewed,
      staffInterviewed: round.staffInterviewed,
      monitorsTrained: round.monitorsTrained,
      currentStep: round.currentStep,
    })),
    (ids) => tx.monitoringRound.findMany(whereIds(ids)),
    (rows) => tx.monitoringRound.createMany({ data: rows }),
  );

  const taxonomy = await seedTaxonomy(tx, data.tags);
  created.tags = taxonomy.created;
  notes.push(...taxonomy.notes);
  created.tagSynonyms = await addFileSynonyms(tx, data.tags, now);

  // Issues that a seeded case escalated carry that status; only a case makes an issue "escalated".
  const escalatedRefs = new Set(data.cases.flatMap((seededCase) => seededCase.issueRefs));
  const newIssues = new Set<string>();
  created.localIssues = await insertMissing(
    data.localIssues.map((issue) => ({
      id: issueId(issue.externalRef),
      facilityId: facilityId(issue.facilityCode),
      roundId: roundId(issue),
      title: issue.title,
      description: issue.description,
      source: issue.source,
      respondentsCiting: issue.respondentsCiting,
      respondentsAsked: issue.respondentsAsked,
      priorityVotes: issue.priorityVotes,
      status: escalatedRefs.has(issue.externalRef) ? ('escalated' as const) : issue.status,
      raisedOn: fromCalendarDate(issue.raisedOn),
      importSource: SEED_SOURCE,
      externalRef: issue.externalRef,
    })),
    (ids) => tx.localIssue.findMany(whereIds(ids)),
    async (rows) => {
      rows.forEach((row) => newIssues.add(row.id));
      await tx.localIssue.createMany({ data: rows });
    },
  );
  const issuesToDetail = data.localIssues.filter((issue) => newIssues.has(issueId(issue.externalRef)));
  const tagLinks = issuesToDetail.flatMap((issue) =>
    [...new Set(issue.tags.map((slug) => taxonomy.tagIdBySlug.get(slug)))]
      .filter((tagId) => tagId !== undefined)
      .map((tagId) => ({ localIssueId: issueId(issue.externalRef), tagId })),
  );
  if (tagLinks.length > 0) await tx.localIssueTag.createMany({ data: tagLinks });
  const rootCauses = issuesToDetail.flatMap((issue) =>
    issue.rootCauses.map((cause, position) => ({ localIssueId: issueId(issue.externalRef), position, ...cause })),
  );
  if (rootCauses.length > 0) await tx.rootCause.createMany({ data: rootCauses });
  created.rootCauses = rootCauses.length;

  const commitments = issuesToDetail.flatMap((issue) =>
    issue.commitments.map((commitment, index) => ({
      id: stableId('commitment', `${SEED_SOURCE}/${issue.externalRef}/${index}`),
      facilityId: facilityId(issue.facilityCode),
      localIssueId: issueId(issue.externalRef),
      commitment: commitment.commitment,
      responsibleParty: commitment.responsibleParty,
      dueOn: fromCalendarDate(commitment.dueOn),
      status: commitment.status,
      updates: commitment.updates,
    })),
  );
  if (commitments.length > 0) {
    await tx.charterCommitment.createMany({ data: commitments.map(({ updates: _updates, ...row }) => row) });
    const updates = commitments.flatMap((commitment) =>
      commitment.updates.map((update) => ({
        commitmentId: commitment.id,
        on: fromCalendarDate(update.on),
        note: update.note,
      })),
    );
    if (updates.length > 0) await tx.commitmentUpdate.createMany({ data: updates });
  }
  created.commitments = commitments.length;

  created.systemicCases = await seedCases(tx, data.cases, departmentId, issueId, (slug) => {
    const tagId = taxonomy.tagIdBySlug.get(slug);
    if (!tagId) throw new Error(`A seeded case names the tag "${slug}", which content/taxonomy.json does not have.`);
    return tagId;
  });

  const total = Object.values(created).reduce((sum, count) => sum + count, 0);
  if (total > 0) {
    await tx.auditEvent.create({
      data: {
        actorLabel: SEED_ACTOR,
        entityType: 'database',
        action: 'seeded' satisfies AuditAction,
        changes: created,
        createdAt: now,
      },
    });
  }
  return { created, notes };
}

/**
 * Adds the file's tags that the database lacks, and nothing else (planTaxonomySeed): an analyst's
 * rename, move or merge survives every later seed. Returns which tag each file slug leads to now.
 */
async function seedTaxonomy(tx: Tx, fileTags: SeedData['tags']) {
  const existing = await storedTagNodes(tx);
  const plan = planTaxonomySeed(fileTags, existing, (slug) => stableId('tag', slug));
  const departments = await tx.department.findMany({ select: { id: true, code: true } });
  const departmentIdByCode = new Map(departments.map((department) => [department.code, department.id]));
  if (plan.create.length > 0) {
    await tx.tag.createMany({
      data: plan.create.map(({ synonyms: _synonyms, aliases: _aliases, routesTo, ...tag }) => ({
        ...tag,
        routingDepartmentId: routesTo === null ? null : (departmentIdByCode.get(routesTo) ?? null),
      })),
    });
    const synonymRows = plan.create.flatMap((tag) => tag.synonyms.map((term) => ({ tagId: tag.id, term })));
    if (synonymRows.length > 0) await tx.tagSynonym.createMany({ data: synonymRows });
    const aliasRows = plan.create.flatMap((tag) => tag.aliases.map((slug) => ({ tagId: tag.id, slug })));
    if (aliasRows.length > 0) await tx.tagAlias.createMany({ data: aliasRows });
  }
  return { created: plan.create.length, tagIdBySlug: plan.tagIdBySlug, notes: plan.notes };
}

/** Every tag, live or merged, as the taxonomy rules see it. */
async function storedTagNodes(tx: Tx): Promise<TagNode[]> {
  const stored = await tx.tag.findMany({
    select: {
      id: true,
      slug: true,
      name: true,
      parentId: true,
      mergedIntoId: true,
      aliases: { select: { slug: true } },
      synonyms: { select: { term: true } },
    },
  });
  return stored.map((tag) => ({
    ...tag,
    aliases: tag.aliases.map((alias) => alias.slug),
    synonyms: tag.synonyms.map((synonym) => synonym.term),
  }));
}

/**
 * Gives the tags already in the database the synonyms the file has gained since (planFileSynonyms):
 * never a word another tag answers to or one an analyst removed. Each is a change of the tag, with
 * its version moved on and an audit event, as if an analyst had added it. Returns how many it added.
 */
async function addFileSynonyms(tx: Tx, fileTags: SeedData['tags'], now: Date): Promise<number> {
  const removals = await tx.auditEvent.findMany({
    where: { entityType: 'tag', action: 'tag.synonym_removed' },
    select: { entityId: true, changes: true },
  });
  const removed = new Set(
    removals.map(({ entityId, changes }) => `${entityId} ${(changes as { term?: string } | null)?.term ?? ''}`),
  );
  const additions = planFileSynonyms(fileTags, await storedTagNodes(tx), removed);
  for (const { tagId, term } of additions) {
    const { version } = await tx.tag.update({ where: { id: tagId }, data: { version: { increment: 1 } } });
    await tx.tagSynonym.create({ data: { tagId, term } });
    await tx.auditEvent.create({
      data: {
        actorLabel: SEED_ACTOR,
        entityType: 'tag',
        entityId: tagId,
        action: 'tag.synonym_added',
        changes: { version, term, from: 'content/taxonomy.json' },
        createdAt: now,
      },
    });
  }
  return additions.length;
}

/**
 * What `npm start` does for a database in use: only the synonyms the committed taxonomy file gained,
 * under the taxonomy's lock (docs/TAXONOMY.md), so that they reach it without a full seed.
 */
export async function seedFileSynonyms(db: Db, fileTags: SeedData['tags'], now: Date = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    await lockTaxonomy(tx, now);
    return addFileSynonyms(tx, fileTags, now);
  });
}

/** The status each seeded event reached, as the workflow move that reaches it. */
const MOVE_TO: Partial<Record<SeedData['cases'][number]['events'][number]['status'], CaseMoveName>> = {
  escalated: 'escalate',
  acknowledged: 'acknowledge',
  accepted: 'accept',
  declined: 'decline',
  response_planned: 'plan_response',
  in_progress: 'start_work',
  resolved: 'resolve',
  verified: 'verify',
  closed: 'close',
};

/**
 * The pilot's cases with their real 2016–2017 dates, replayed through the workflow table and the working-day
 * clock (src/domain/cases/case-replay.ts), so that their states, events and deadlines are what the application
 * would have written; a case whose department never answered stands overdue, as it did.
 */
async function seedCases(
  tx: Tx,
  cases: SeedData['cases'],
  departmentId: (code: string) => string,
  issueId: (ref: string) => string,
  tagId: (slug: string) => string,
): Promise<number> {
  // One after another: inside a transaction, PostgreSQL's driver refuses overlapping queries on its connection.
  const days = await deadlineSettings(tx);
  const calendar = await workingCalendarOf(tx);
  let created = 0;
  for (const seeded of cases) {
    const caseId = stableId('case', seeded.reference);
    if (await tx.systemicCase.findUnique({ where: { id: caseId }, select: { id: true } })) continue;
    const owner = departmentId(seeded.owningDepartmentCode);
    const moves = seeded.events.map((event) => {
      const move = MOVE_TO[event.status];
      if (!move) throw new Error(`${seeded.reference}: no workflow move reaches ${event.status}`);
      return { move, on: event.on };
    });
    const replayed = replayCase(moves, owner, days, calendar);
    await tx.systemicCase.create({
      data: {
        id: caseId,
        reference: seeded.reference,
        title: seeded.title,
        problemStatement: seeded.problemStatement,
        rootCauseSynthesis: seeded.rootCauseSynthesis,
        owningDepartmentId: replayed.owningDepartmentId,
        status: replayed.status,
        priority: seeded.priority,
        visibility: seeded.visibility,
        primaryTagId: tagId(seeded.primaryTag),
        escalatedAt: fromCalendarDate(seeded.events[0]!.on),
        nextDueOn: replayed.nextDueOn ? fromCalendarDate(replayed.nextDueOn) : null,
        version: moves.length,
        supportingDepartments: {
          create: seeded.supportingDepartmentCodes.map((code) => ({ departmentId: departmentId(code) })),
        },
        localIssues: { create: seeded.issueRefs.map((ref) => ({ localIssueId: issueId(ref) })) },
        events: {
          create: seeded.events.map((event, index) => ({
            actorLabel: event.actorLabel,
            // The public side names actors by office: DPME's analyst, or an official of the department then owning it.
            ...(event.actorLabel.startsWith('DPME')
              ? { actorRole: 'analyst' }
              : { actorRole: 'official', actorDepartmentId: replayed.steps[index]!.fromDepartmentId }),
            kind: moves[index]!.move,
            fromStatus: replayed.steps[index]!.from,
            toStatus: replayed.steps[index]!.to,
            reason: event.comment,
            version: index + 1,
            createdAt: fromCalendarDate(event.on),
          })),
        },
        deadlines: {
          create: replayed.deadlines.map((deadline) => ({
            kind: deadline.kind,
            departmentId: deadline.departmentId,
            startedOn: fromCalendarDate(deadline.startedOn),
            dueOn: fromCalendarDate(deadline.dueOn),
            originalDueOn: fromCalendarDate(deadline.originalDueOn),
            pausedWorkingDays: deadline.pausedWorkingDays,
            extensions: deadline.extensions,
            endedOn: deadline.endedOn ? fromCalendarDate(deadline.endedOn) : null,
            outcome: deadline.outcome,
          })),
        },
        responseActions: {
          create: seeded.responseActions.map((action) => ({ ...action, dueOn: fromCalendarDate(action.dueOn) })),
        },
      },
    });
    created += 1;
  }
  await reserveSeededReferences(
    tx,
    cases.map((seeded) => seeded.reference),
  );
  return created;
}

/** New cases number on after the seeded ones of the same year. */
async function reserveSeededReferences(tx: Tx, references: readonly string[]) {
  const lastByYear = new Map<number, number>();
  for (const reference of references) {
    const [, year, number] = /^SC-(\d{4})-(\d+)$/.exec(reference) ?? [];
    if (year && number) lastByYear.set(Number(year), Math.max(lastByYear.get(Number(year)) ?? 0, Number(number)));
  }
  for (const [year, last] of lastByYear) {
    const counter = await tx.caseReferenceCounter.findUnique({ where: { year } });
    if (!counter) await tx.caseReferenceCounter.create({ data: { year, last } });
    else if (counter.last < last) await tx.caseReferenceCounter.update({ where: { year }, data: { last } });
  }
}
