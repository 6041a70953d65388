import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { draftTexts } from '../../../domain/cases/case-draft.ts';
import { FINISHED_STATES } from '../../../domain/cases/workflow.ts';
import { suggestDepartment } from '../../../domain/clustering/department-suggestion.ts';
import { spreadOf, type Spread } from '../../../domain/clustering/spread.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { CASE_PRIORITIES, PROVINCE_NAMES, VISIBILITIES, type Province } from '../../../domain/vocabulary.ts';
import { todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';
import { env } from '../../../lib/env.ts';
import { loadDepartmentsForSuggestion } from '../clustering/cluster-records.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { fieldError, ServiceError } from '../shared/service-error.ts';
import { assertAnalyst, caseNotFound } from './case-access.ts';
import { staleCaseError } from './case-history.ts';
import { allocateCaseReference } from './case-references.ts';
import { eventActor, moveCaseIn } from './case-workflow-service.ts';

/** Where a case's evidence comes from: one cluster, or local issues an analyst picked. */
export const EvidenceSourceSchema = z.object({
  clusterId: textField().trim().default(''),
  /** A theme: the case is over its problems' issues, and links each problem. */
  themeId: textField().trim().default(''),
  localIssueIds: z.array(textField().min(1)).max(1000, 'Choose at most 1,000 local issues').default([]),
});
export type EvidenceSource = z.input<typeof EvidenceSourceSchema>;

export const OpenCaseSchema = EvidenceSourceSchema.extend({
  title: textField().trim().min(1, 'Enter a title').max(200, 'Title must be 200 characters or fewer'),
  problemStatement: textField()
    .trim()
    .min(1, 'Enter the problem statement')
    .max(20_000, 'Problem statement must be 20,000 characters or fewer'),
  rootCauseSynthesis: textField().trim().max(20_000, 'Root-cause synthesis must be 20,000 characters or fewer'),
  owningDepartmentId: textField().trim().min(1, 'Choose the department that owns the problem'),
  supportingDepartmentIds: z.array(textField().min(1)).max(50).default([]),
  priority: z.enum(CASE_PRIORITIES, 'Choose a priority'),
  visibility: z.enum(VISIBILITIES, 'Choose who may see the case'),
  primaryTagId: textField().trim().default(''),
  /** Escalate at once, or keep a draft that locks nothing. */
  escalate: z.boolean(),
});
export type OpenCaseInput = z.input<typeof OpenCaseSchema>;

export const OPEN_CASE_FIELD_LABELS = {
  title: 'title',
  problemStatement: 'problem statement',
  rootCauseSynthesis: 'root-cause synthesis',
  owningDepartmentId: 'owning department',
  supportingDepartmentIds: 'supporting departments',
  priority: 'priority',
  visibility: 'visibility',
  primaryTagId: 'primary tag',
  localIssueIds: 'local issues',
};

const EVIDENCE_FIELDS = {
  id: true,
  title: true,
  personalDataFlagged: true,
  raisedOn: true,
  respondentsCiting: true,
  priorityVotes: true,
  rootCauses: { select: { statement: true, level: true, category: true } },
  tags: { select: { tagId: true, tag: { select: { routingDepartmentId: true, name: true } } } },
  facility: { select: { id: true, code: true, province: true, sector: true, departmentId: true } },
} as const;

/**
 * The live local issues of the source, the clusters the case links (the cluster, or a theme's problems) and the
 * name the case starts with.
 */
async function evidenceOf(tx: Db | Tx, source: z.output<typeof EvidenceSourceSchema>) {
  if (source.clusterId) {
    const cluster = await tx.cluster.findUnique({
      where: { id: source.clusterId },
      select: { id: true, label: true, customLabel: true, status: true },
    });
    if (!cluster || cluster.status === 'merged') throw new ServiceError('not_found', 'There is no such cluster.');
    const issues = await tx.localIssue.findMany({
      where: { clusterId: cluster.id, archived: false },
      select: EVIDENCE_FIELDS,
      orderBy: { raisedOn: 'asc' },
    });
    return { cluster, theme: null, clusters: [cluster], label: cluster.customLabel ?? cluster.label, issues };
  }
  if (source.themeId) {
    const theme = await tx.theme.findUnique({
      where: { id: source.themeId },
      select: { id: true, label: true, customLabel: true },
    });
    if (!theme) throw new ServiceError('not_found', 'There is no such theme; a later run may have dissolved it.');
    // Its problems an analyst has not dismissed; the issues alone in it are no problem of the case.
    const clusters = await tx.cluster.findMany({
      where: { themeId: theme.id, issueCount: { gte: 2 }, status: { in: ['suggested', 'confirmed', 'escalated'] } },
      select: { id: true, label: true, customLabel: true, status: true },
      orderBy: { id: 'asc' },
    });
    if (clusters.length === 0) {
      throw new ServiceError('refused', 'This theme holds no problem to escalate: only issues that stand alone.');
    }
    const issues = await tx.localIssue.findMany({
      where: { clusterId: { in: clusters.map((cluster) => cluster.id) }, archived: false },
      select: EVIDENCE_FIELDS,
      orderBy: { raisedOn: 'asc' },
    });
    return { cluster: null, theme, clusters, label: theme.customLabel ?? theme.label, issues };
  }
  const ids = [...new Set(source.localIssueIds)];
  if (ids.length === 0) throw fieldError({ localIssueIds: 'Choose the local issues the case is about' });
  const issues = await tx.localIssue.findMany({
    where: { id: { in: ids }, archived: false },
    select: EVIDENCE_FIELDS,
    orderBy: { raisedOn: 'asc' },
  });
  if (issues.length < ids.length) {
    const missing = ids.length - issues.length;
    throw fieldError({
      localIssueIds: `${missing === 1 ? 'One chosen issue no longer exists' : `${missing} chosen issues no longer exist`} or is archived: choose again`,
    });
  }
  return { cluster: null, theme: null, clusters: [], label: issues[0]?.title ?? '', issues };
}

type Evidence = Awaited<ReturnType<typeof evidenceOf>>;

const spreadOfEvidence = (issues: Evidence['issues'], now: Date): Spread =>
  spreadOf(
    issues.map((issue) => ({
      facility: issue.facility.code,
      province: issue.facility.province,
      sector: issue.facility.sector,
      department: issue.facility.departmentId,
      peopleAffected: issue.respondentsCiting ?? issue.priorityVotes ?? 0,
      raisedOn: toCalendarDate(issue.raisedOn),
      rootCauseLevels: issue.rootCauses.map((cause) => cause.level),
    })),
    todayInSouthAfrica(now),
  );

/** "Reported 15 times at 12 facilities in 6 provinces (Gauteng, …), 3 sectors; 840 people cited it." */
function spreadLine(issues: Evidence['issues'], spread: Spread): string {
  const provinces = [...new Set(issues.map((issue) => PROVINCE_NAMES[issue.facility.province as Province]))].sort();
  const count = (value: number, one: string, many: string) => `${value} ${value === 1 ? one : many}`;
  return (
    `Reported ${spread.issues === 1 ? 'once' : `${spread.issues} times`} at ` +
    `${count(spread.facilities, 'facility', 'facilities')} in ${count(spread.provinces, 'province', 'provinces')} ` +
    `(${provinces.join(', ')}); ${count(spread.peopleAffected, 'person', 'people')} cited it.`
  );
}

/**
 * What the case form starts with, worked out from the evidence: the title, the problem statement and root-cause
 * synthesis (without any text the personal-data check flags), the spread, the suggested owner with its reasons,
 * the primary tag, and which departments have an active official (a case sent to one without is seen by nobody).
 */
export async function caseDraft(db: Db, actor: SignedInActor, input: EvidenceSource, now = new Date()) {
  assertAnalyst(actor, 'open systemic cases');
  const source = valueOrAllProblems(parseFieldByField(EvidenceSourceSchema, input), {});
  const evidence = await evidenceOf(db, source);
  const [departments, officials] = await Promise.all([
    loadDepartmentsForSuggestion(db),
    db.user.groupBy({
      by: ['departmentId'],
      where: { role: 'official', deactivatedAt: null, departmentId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const spread = spreadOfEvidence(evidence.issues, now);
  const texts = draftTexts(
    evidence.issues.map((issue) => ({
      title: issue.title,
      personalDataFlagged: issue.personalDataFlagged,
      rootCauses: issue.rootCauses,
      tagIds: issue.tags.map((link) => link.tagId),
    })),
    spreadLine(evidence.issues, spread),
  );
  const suggestion = suggestDepartment(
    evidence.issues.map((issue) => ({
      routedDepartmentIds: issue.tags.flatMap((link) => link.tag.routingDepartmentId ?? []),
      facilityDepartmentId: issue.facility.departmentId,
      facilitySector: issue.facility.sector,
      rootCauseLevels: issue.rootCauses.map((cause) => cause.level),
    })),
    departments,
  );
  const tagCounts = new Map<string, { id: string; name: string; issues: number }>();
  for (const link of evidence.issues.flatMap((issue) => issue.tags)) {
    const counted = tagCounts.get(link.tagId) ?? { id: link.tagId, name: link.tag.name, issues: 0 };
    tagCounts.set(link.tagId, { ...counted, issues: counted.issues + 1 });
  }
  return {
    /** The tags the issues carry, most shared first: the choices of the case's main tag. */
    tagChoices: [...tagCounts.values()].sort((a, b) => b.issues - a.issues || a.name.localeCompare(b.name)),
    clusterId: evidence.cluster?.id ?? null,
    themeId: evidence.theme?.id ?? null,
    /** The problems a theme's case links, by name. */
    problems: evidence.theme ? evidence.clusters.map((cluster) => cluster.customLabel ?? cluster.label) : [],
    localIssueIds: evidence.clusters.length > 0 ? [] : evidence.issues.map((issue) => issue.id),
    title: evidence.label.slice(0, 200),
    ...texts,
    spread,
    suggestion,
    departmentsWithOfficials: officials.flatMap((row) => (row.departmentId ? [row.departmentId] : [])),
  };
}

export type CaseDraft = Awaited<ReturnType<typeof caseDraft>>;

/**
 * Opens a case from the evidence as a draft (locks nothing) or escalates it at once (a draft, then the
 * workflow's escalate move, in one transaction): its reference is allocated in the same transaction, so
 * concurrent escalations never share or skip a number.
 */
export async function openCase(
  db: Db,
  actor: SignedInActor,
  input: OpenCaseInput,
  now = new Date(),
  publicUrl = env().PUBLIC_URL,
) {
  assertAnalyst(actor, 'open systemic cases');
  const parsed = parseFieldByField(OpenCaseSchema, input);
  const further: Record<string, string> = {};
  const departmentIds = [parsed.fields.owningDepartmentId, ...(parsed.fields.supportingDepartmentIds ?? [])];
  const known = await db.department.findMany({
    where: { id: { in: departmentIds.filter((id): id is string => Boolean(id)) } },
    select: { id: true },
  });
  const knownIds = new Set(known.map((row) => row.id));
  if (parsed.fields.owningDepartmentId && !knownIds.has(parsed.fields.owningDepartmentId)) {
    further.owningDepartmentId = 'Choose a department from the list';
  }
  if ((parsed.fields.supportingDepartmentIds ?? []).some((id) => !knownIds.has(id))) {
    further.supportingDepartmentIds = 'Choose supporting departments from the list';
  }
  if (parsed.fields.primaryTagId) {
    const tag = await db.tag.findUnique({ where: { id: parsed.fields.primaryTagId }, select: { id: true } });
    if (!tag) further.primaryTagId = 'Choose a tag from the list';
  }
  const request = valueOrAllProblems(parsed, further);
  return db.$transaction(async (tx) => {
    const evidence = await evidenceOf(tx, request);
    const reference = await allocateCaseReference(tx, Number(todayInSouthAfrica(now).slice(0, 4)));
    const created = await tx.systemicCase.create({
      data: {
        reference,
        title: request.title,
        problemStatement: request.problemStatement,
        rootCauseSynthesis: request.rootCauseSynthesis,
        owningDepartmentId: request.owningDepartmentId,
        priority: request.priority,
        visibility: request.visibility,
        primaryTagId: request.primaryTagId || null,
        status: 'draft',
        createdById: actor.userId,
        supportingDepartments: {
          create: [...new Set(request.supportingDepartmentIds)]
            .filter((id) => id !== request.owningDepartmentId)
            .map((departmentId) => ({ departmentId })),
        },
        localIssues: { create: evidence.issues.map((issue) => ({ localIssueId: issue.id })) },
        clusters: { create: evidence.clusters.map((cluster) => ({ clusterId: cluster.id })) },
        events: { create: [{ ...eventActor(actor), kind: 'created', toStatus: 'draft', version: 0, createdAt: now }] },
      },
    });
    if (!request.escalate) return { reference, status: created.status, version: created.version };
    return moveCaseIn(tx, actor, { reference, move: 'escalate', version: created.version }, now, publicUrl);
  });
}

export const EditCaseSchema = OpenCaseSchema.pick({
  title: true,
  problemStatement: true,
  rootCauseSynthesis: true,
  priority: true,
  visibility: true,
}).extend({
  reference: textField().min(1),
  version: z.int().min(0),
  /** Whether the public page may name the facilities; left as it is when not given. */
  publicFacilityNames: z.boolean().optional(),
});

const EDITED_FIELDS = {
  title: 'title',
  problemStatement: 'problem statement',
  rootCauseSynthesis: 'root-cause synthesis',
  priority: 'priority',
  visibility: 'visibility',
  publicFacilityNames: 'facility names on the public page',
} as const;

/**
 * An analyst rewrites a case's texts, priority or visibility, against the version they saw, while it is not
 * finished; the event keeps the fields changed with their values before and after.
 */
export async function editCase(db: Db, actor: SignedInActor, input: z.input<typeof EditCaseSchema>, now = new Date()) {
  assertAnalyst(actor, 'edit systemic cases');
  const request = valueOrAllProblems(parseFieldByField(EditCaseSchema, input), {});
  return db.$transaction(async (tx) => {
    const found = await tx.systemicCase.findUnique({ where: { reference: request.reference } });
    if (!found) throw caseNotFound();
    if (found.version !== request.version) throw await staleCaseError(tx, found.id, request.version);
    if (FINISHED_STATES.includes(found.status)) {
      throw new ServiceError('refused', 'This case is finished: its record stays as it was.');
    }
    const names = Object.keys(EDITED_FIELDS) as (keyof typeof EDITED_FIELDS)[];
    const changed = names.filter((name) => request[name] !== undefined && found[name] !== request[name]);
    if (changed.length === 0) return { reference: found.reference, version: found.version };
    const { count } = await tx.systemicCase.updateMany({
      where: { id: found.id, version: request.version },
      data: { ...Object.fromEntries(changed.map((name) => [name, request[name]])), version: { increment: 1 } },
    });
    if (count === 0) throw await staleCaseError(tx, found.id, request.version);
    const pick = (source: Partial<Record<keyof typeof EDITED_FIELDS, string | boolean>>) =>
      Object.fromEntries(changed.map((name) => [name, source[name]])) as Record<string, string | boolean>;
    await tx.caseEvent.create({
      data: {
        caseId: found.id,
        ...eventActor(actor),
        kind: 'edited',
        changes: { fields: changed.map((name) => EDITED_FIELDS[name]), from: pick(found), to: pick(request) },
        version: request.version + 1,
        createdAt: now,
      },
    });
    return { reference: found.reference, version: request.version + 1 };
  });
}
