import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import { dialectOf } from '../../../db/dialect.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import { scopeOf, type SignedInActor } from '../../../domain/accounts/actor.ts';
import { LIMITS } from '../../../domain/imports/local-issue-rows.ts';
import {
  changedFields,
  CONTENT_FIELD_NAMES,
  mentionsPersonalData,
  statusChangeRefusal,
  type LocalIssueContent,
} from '../../../domain/capture/local-issue-workflow.ts';
import { checkTagTerms } from '../../../domain/taxonomy/resolve-term.ts';
import { redactPersonalData } from '../../../domain/privacy/personal-data.ts';
import { kindsRemoved, planRedaction } from '../../../domain/privacy/redaction.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  ISSUE_SOURCES,
  LOCAL_ISSUE_STATUSES,
  ROOT_CAUSE_CATEGORIES,
  ROOT_CAUSE_LEVELS,
} from '../../../domain/vocabulary.ts';
import { fromCalendarDate, todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { recordAudit } from '../audit/audit.ts';
import { afterMembershipChanged } from '../clustering/cluster-figures.ts';
import { redactStoredCopies } from '../privacy/redaction-service.ts';
import { localIssueScope } from './scope-filters.ts';
import type { FieldProblems } from '../../../lib/forms/field-problems.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { ServiceError } from '../shared/service-error.ts';
import { staleVersionError } from '../shared/versioned-edit.ts';
import { loadTagTerms } from '../taxonomy/tag-terms.ts';
import { typedDateSchema } from '../../../lib/forms/date-parts.ts';

/** A count of people or votes, in a sentence that names it: "the number of people asked". */
const count = (what: string) =>
  z
    .int(`Enter ${what} as a whole number, for example 12`)
    .min(0, `Enter ${what} as 0 or more`)
    .max(LIMITS.count, `Enter ${what} as ${LIMITS.count.toLocaleString('en-ZA')} or fewer`)
    .nullable()
    .default(null);

export const RootCauseInputSchema = z.object({
  level: z.enum(ROOT_CAUSE_LEVELS),
  category: z.enum(ROOT_CAUSE_CATEGORIES),
  statement: textField()
    .trim()
    .min(1, 'Enter what causes the issue')
    .max(LIMITS.statement, `The root cause must be ${LIMITS.statement} characters or fewer`),
});

/**
 * What a person fills in for a local issue; tags are slugs, names or synonyms as typed. The rules across
 * fields are in draftRuleProblemsOf, not a refinement: Zod skips refinements once a field is not even of
 * its type (a count of 2.5), and a person is told every problem at once.
 */
export const LocalIssueDraftSchema = z.object({
  facilityId: textField().min(1, 'Choose a facility'),
  roundId: textField().min(1).nullable().default(null),
  title: textField()
    .trim()
    .min(1, 'Enter a title')
    .max(LIMITS.title, `Title must be ${LIMITS.title} characters or fewer`),
  description: textField()
    .trim()
    .max(LIMITS.description, `Description must be ${LIMITS.description} characters or fewer`)
    .default(''),
  source: z.enum(ISSUE_SOURCES, 'Choose where the issue came from'),
  respondentsCiting: count('the number of people citing it'),
  respondentsAsked: count('the number of people asked'),
  priorityVotes: count('the number of priority votes'),
  raisedOn: typedDateSchema('the date the issue was raised'),
  tags: z.array(textField().trim().min(1).max(80)).max(20, 'Enter 20 tags or fewer').default([]),
  rootCauses: z.array(RootCauseInputSchema).max(10, 'Give 10 root causes or fewer').default([]),
});
export type LocalIssueDraft = z.input<typeof LocalIssueDraftSchema>;

/** Which issue an edit or action is for, and the version the person saw. */
export const VersionedSchema = z.object({ id: textField().min(1), version: z.int().min(0) });
export type LocalIssueUpdate = LocalIssueDraft & z.input<typeof VersionedSchema>;
export const StatusChangeSchema = VersionedSchema.extend({
  status: z.enum(LOCAL_ISSUE_STATUSES),
  note: textField().trim().max(1000).default(''),
});
export const ArchiveSchema = VersionedSchema.extend({
  archived: z.boolean(),
  reason: textField().trim().max(1000).default(''),
});
export const PersonalDataReviewSchema = VersionedSchema.extend({ decision: z.enum(['redact', 'keep']) });

function assertMayWriteAt(actor: SignedInActor, facilityId: string) {
  const scope = scopeOf(actor);
  if (scope.kind === 'everything') return;
  if (scope.kind === 'facilities' && scope.facilityIds.includes(facilityId)) return;
  throw new ServiceError(
    'forbidden',
    scope.kind === 'facilities'
      ? 'You may record issues for your own facilities only.'
      : 'Only analysts, administrators and facilitators record local issues.',
  );
}

type ParsedDraft = z.output<typeof LocalIssueDraftSchema>;

/** The draft's rules across fields and against the calendar, on the fields that parsed (`today` in South Africa). */
export function draftRuleProblemsOf(draft: Partial<ParsedDraft>, today: string): FieldProblems {
  const problems: FieldProblems = {};
  const { respondentsCiting: citing, respondentsAsked: asked } = draft;
  if (citing != null && asked != null && citing > asked) {
    problems.respondentsCiting = 'The number of people citing it cannot be more than the number asked';
  }
  if (draft.raisedOn !== undefined && draft.raisedOn > today)
    problems.raisedOn = 'The date the issue was raised must be today or in the past';
  return problems;
}

type CheckedDraft = Omit<ParsedDraft, 'tags'> & { tagIds: string[] };

/**
 * A draft checked in one pass (every problem at once): the schema, the rules across fields, and what needs
 * the database on the fields that parsed: the facility, its round and the tags.
 */
async function checkDraft(tx: Tx, input: unknown, now: Date): Promise<CheckedDraft> {
  const parsed = parseFieldByField(LocalIssueDraftSchema, input);
  const { problems, tagIds, suggestions } = await databaseProblemsOf(tx, parsed.fields);
  const ruleProblems = draftRuleProblemsOf(parsed.fields, todayInSouthAfrica(now));
  const { tags: _typed, ...rest } = valueOrAllProblems(parsed, { ...problems, ...ruleProblems }, { suggestions });
  return { ...rest, tagIds };
}

async function databaseProblemsOf(tx: Tx, draft: Partial<ParsedDraft>) {
  const problems: Record<string, string> = {};
  if (draft.facilityId !== undefined) {
    const facility = await tx.facility.findFirst({ where: { id: draft.facilityId, archived: false } });
    if (!facility) problems.facilityId = 'Choose a facility from the list';
  }
  if (draft.roundId) {
    const round = await tx.monitoringRound.findUnique({ where: { id: draft.roundId } });
    if (!round || round.facilityId !== draft.facilityId)
      problems.roundId = 'Choose a monitoring round of this facility';
  }
  const tagCheck = checkTagTerms((await loadTagTerms(tx)).vocabulary, draft.tags ?? []);
  if (tagCheck.problem) problems.tags = tagCheck.problem;
  const suggestions = tagCheck.suggestions.length > 0 ? { tags: tagCheck.suggestions } : undefined;
  return { problems, tagIds: tagCheck.tagIds, suggestions };
}

function contentOf(draft: CheckedDraft): LocalIssueContent {
  return {
    ...draft,
    rootCauses: draft.rootCauses.map(({ level, category, statement }) => ({ level, category, statement })),
  };
}

const withContent = {
  tags: { select: { tagId: true } },
  rootCauses: { orderBy: { position: 'asc' } },
} satisfies Prisma.LocalIssueInclude;
type IssueWithContent = Prisma.LocalIssueGetPayload<{ include: typeof withContent }>;

function storedContent(issue: IssueWithContent): LocalIssueContent {
  return {
    facilityId: issue.facilityId,
    roundId: issue.roundId,
    title: issue.title,
    description: issue.description,
    source: issue.source,
    respondentsCiting: issue.respondentsCiting,
    respondentsAsked: issue.respondentsAsked,
    priorityVotes: issue.priorityVotes,
    raisedOn: toCalendarDate(issue.raisedOn),
    tagIds: issue.tags.map((tag) => tag.tagId),
    rootCauses: issue.rootCauses.map(({ level, category, statement }) => ({ level, category, statement })),
  };
}

/** Cluster placement for new or changed text runs after the commit, from the outbox. */
async function queuePlacement(tx: Tx, localIssueId: string) {
  await tx.outboxMessage.create({ data: { kind: 'cluster.place', payload: { localIssueIds: [localIssueId] } } });
}

export async function createLocalIssue(db: Db, actor: SignedInActor, input: LocalIssueDraft, now = new Date()) {
  const facilityId = parseFieldByField(LocalIssueDraftSchema, input).fields.facilityId;
  if (facilityId !== undefined) assertMayWriteAt(actor, facilityId);
  return db.$transaction(async (tx) => {
    const checked = await checkDraft(tx, input, now);
    assertMayWriteAt(actor, checked.facilityId);
    const issue = await tx.localIssue.create({
      data: {
        facilityId: checked.facilityId,
        roundId: checked.roundId,
        title: checked.title,
        description: checked.description,
        source: checked.source,
        respondentsCiting: checked.respondentsCiting,
        respondentsAsked: checked.respondentsAsked,
        priorityVotes: checked.priorityVotes,
        raisedOn: fromCalendarDate(checked.raisedOn),
        personalDataFlagged: mentionsPersonalData(checked),
        tags: { create: checked.tagIds.map((tagId) => ({ tagId })) },
        rootCauses: { create: checked.rootCauses.map((cause, position) => ({ ...cause, position })) },
      },
    });
    await recordAudit(tx, actor, {
      entityType: 'local_issue',
      entityId: issue.id,
      action: 'local_issue.created',
      changes: { version: 0, facilityId: checked.facilityId, title: checked.title },
    });
    await queuePlacement(tx, issue.id);
    return { id: issue.id, version: issue.version };
  });
}

/** The issue as the actor may see it, or a not-found refusal (also for issues outside their scope). */
async function findInScope(tx: Tx | Db, actor: SignedInActor, id: string) {
  const issue = await tx.localIssue.findFirst({
    where: { AND: [{ id }, localIssueScope(actor)] },
    include: withContent,
  });
  if (!issue) throw new ServiceError('not_found', 'There is no such local issue, or it is outside your facilities.');
  return issue;
}

const staleRefusal = (tx: Tx, issueId: string, seenVersion: number) =>
  staleVersionError(tx, { entityType: 'local_issue', entityId: issueId, noun: 'issue' }, seenVersion);

/** Moves the version on, or refuses when the caller's copy is stale. */
async function claimVersion(tx: Tx, id: string, seenVersion: number, data: Prisma.LocalIssueUncheckedUpdateManyInput) {
  const { count: updated } = await tx.localIssue.updateMany({
    where: { id, version: seenVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (updated === 0) throw await staleRefusal(tx, id, seenVersion);
  return seenVersion + 1;
}

export async function updateLocalIssue(db: Db, actor: SignedInActor, input: LocalIssueUpdate, now = new Date()) {
  const { id, version } = VersionedSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findInScope(tx, actor, id);
    assertMayWriteAt(actor, current.facilityId);
    const { id: _id, version: _version, ...draft } = input;
    const checked = await checkDraft(tx, draft, now);
    assertMayWriteAt(actor, checked.facilityId);
    const before = storedContent(current);
    const after = contentOf(checked);
    const changed = changedFields(before, after);
    if (current.version !== version) throw await staleRefusal(tx, id, version);
    if (changed.length === 0) return { id, version, changed: [] as string[] };
    const newVersion = await claimVersion(tx, id, version, {
      facilityId: checked.facilityId,
      roundId: checked.roundId,
      title: checked.title,
      description: checked.description,
      source: checked.source,
      respondentsCiting: checked.respondentsCiting,
      respondentsAsked: checked.respondentsAsked,
      priorityVotes: checked.priorityVotes,
      raisedOn: fromCalendarDate(checked.raisedOn),
      personalDataFlagged: mentionsPersonalData(checked),
    });
    if (changed.includes('tagIds')) {
      await tx.localIssueTag.deleteMany({ where: { localIssueId: id } });
      await tx.localIssueTag.createMany({ data: checked.tagIds.map((tagId) => ({ localIssueId: id, tagId })) });
    }
    if (changed.includes('rootCauses')) {
      await tx.rootCause.deleteMany({ where: { localIssueId: id } });
      await tx.rootCause.createMany({
        data: checked.rootCauses.map((cause, position) => ({ ...cause, position, localIssueId: id })),
      });
    }
    const names = changed.map((name) => CONTENT_FIELD_NAMES[name]);
    await recordAudit(tx, actor, {
      entityType: 'local_issue',
      entityId: id,
      action: 'local_issue.edited',
      changes: {
        version: newVersion,
        fields: names,
        from: Object.fromEntries(changed.map((name) => [name, before[name]])),
        to: Object.fromEntries(changed.map((name) => [name, after[name]])),
      } as Prisma.InputJsonValue,
    });
    if (changed.some((name) => ['title', 'description', 'tagIds', 'rootCauses'].includes(name))) {
      await queuePlacement(tx, id);
    }
    return { id, version: newVersion, changed: names };
  });
}

export async function changeLocalIssueStatus(db: Db, actor: SignedInActor, input: z.input<typeof StatusChangeSchema>) {
  const { id, version, status, note } = StatusChangeSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findInScope(tx, actor, id);
    assertMayWriteAt(actor, current.facilityId);
    if (current.version !== version) throw await staleRefusal(tx, id, version);
    const refusal = statusChangeRefusal(current.status, status);
    if (refusal) throw new ServiceError('refused', refusal);
    const newVersion = await claimVersion(tx, id, version, { status });
    await recordAudit(tx, actor, {
      entityType: 'local_issue',
      entityId: id,
      action: 'local_issue.status_changed',
      changes: { version: newVersion, from: current.status, to: status, note },
    });
    return { id, version: newVersion };
  });
}

/** Issues are archived, never deleted: they leave the lists and clustering, and can come back. */
export async function setLocalIssueArchived(db: Db, actor: SignedInActor, input: z.input<typeof ArchiveSchema>) {
  const { id, version, archived, reason } = ArchiveSchema.parse(input);
  return db.$transaction(async (tx) => {
    const current = await findInScope(tx, actor, id);
    assertMayWriteAt(actor, current.facilityId);
    if (current.version !== version) throw await staleRefusal(tx, id, version);
    if (current.archived === archived) return { id, version };
    const newVersion = await claimVersion(tx, id, version, { archived });
    await recordAudit(tx, actor, {
      entityType: 'local_issue',
      entityId: id,
      action: archived ? 'local_issue.archived' : 'local_issue.restored',
      changes: { version: newVersion, reason },
    });
    // Its cluster leaves it out of (or counts it again in) its figures at once.
    await afterMembershipChanged(
      tx,
      [current.clusterId],
      archived ? 'after an issue was archived' : 'after an issue was restored',
    );
    return { id, version: newVersion };
  });
}

/**
 * The analyst's answer to a personal-data flag: redact every finding in the title, description
 * and root causes, or keep the text (a false alarm). Either way the flag clears. A redaction also
 * takes the removed pieces out of every stored copy of the text (history, import runs, clusters,
 * queued work), the full-text index and the stored embedding, in the same transaction; its audit
 * event names the kinds of data removed, never the text.
 */
export async function reviewPersonalData(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof PersonalDataReviewSchema>,
) {
  const { id, version, decision } = PersonalDataReviewSchema.parse(input);
  const dialect = dialectOf(db);
  return db.$transaction(
    async (tx) => {
      const current = await findInScope(tx, actor, id);
      assertMayWriteAt(actor, current.facilityId);
      if (current.version !== version) throw await staleRefusal(tx, id, version);
      if (decision === 'keep') {
        const newVersion = await claimVersion(tx, id, version, { personalDataFlagged: false });
        await recordAudit(tx, actor, {
          entityType: 'local_issue',
          entityId: id,
          action: 'local_issue.personal_data_kept',
          changes: { version: newVersion },
        });
        return { id, version: newVersion };
      }
      const plan = planRedaction([
        current.title,
        current.description,
        ...current.rootCauses.map((cause) => cause.statement),
      ]);
      const newVersion = await claimVersion(tx, id, version, {
        personalDataFlagged: false,
        title: redactPersonalData(current.title),
        description: redactPersonalData(current.description),
      });
      for (const cause of current.rootCauses) {
        const statement = redactPersonalData(cause.statement);
        if (statement !== cause.statement) await tx.rootCause.update({ where: { id: cause.id }, data: { statement } });
      }
      // The triggers have given the search index the redacted text; what it held before goes too.
      if (plan.pieces.length > 0) await dialect.purgeReplacedSearchText(tx);
      const copiesRewritten = await redactStoredCopies(tx, dialect, plan, {
        id,
        clusterId: current.clusterId,
        themeId: current.themeId,
      });
      await recordAudit(tx, actor, {
        entityType: 'local_issue',
        entityId: id,
        action: 'local_issue.personal_data_redacted',
        changes: { version: newVersion, kinds: kindsRemoved(plan), copiesRewritten },
      });
      return { id, version: newVersion };
    },
    // A redaction reads every table that keeps copies: it may take longer than Prisma's default 5 s.
    { timeout: 60_000 },
  );
}
