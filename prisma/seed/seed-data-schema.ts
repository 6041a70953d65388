import { z } from 'zod';
import {
  CASE_STATUSES,
  COMMITMENT_STATUSES,
  FACILITY_KINDS,
  ISSUE_SOURCES,
  LOCAL_ISSUE_STATUSES,
  METHOD_STEPS,
  PROGRAMMES,
  PROVINCES,
  RESPONSE_ACTION_STATUSES,
  ROOT_CAUSE_CATEGORIES,
  ROOT_CAUSE_LEVELS,
  SECTORS,
  SPHERES,
} from '../../src/domain/vocabulary.ts';
import { DESCRIPTION_LENGTH, NAME_LENGTH, SLUG_PATTERN, SYNONYM_LENGTH } from '../../src/domain/taxonomy/words.ts';

/** A calendar date in South African time, written YYYY-MM-DD. */
const CalendarDateSchema = z.iso.date();
const SlugSchema = z.string().regex(SLUG_PATTERN, 'lower-case words joined by hyphens');
const CodeSchema = z.string().regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'upper-case letters and digits joined by hyphens');

export const TaxonomyTagSchema = z.strictObject({
  /** Stable identifier; never changes when the tag is renamed or moved. */
  slug: SlugSchema,
  /** Human name shown in lists. */
  name: z.string().min(NAME_LENGTH.min).max(NAME_LENGTH.max),
  /** Slug of the parent tag; null for a top-level tag. */
  parent: SlugSchema.nullable(),
  description: z.string().min(DESCRIPTION_LENGTH.min).max(DESCRIPTION_LENGTH.max),
  /** Other words people use for the same thing; matched when tagging and importing. */
  synonyms: z.array(z.string().min(SYNONYM_LENGTH.min).max(SYNONYM_LENGTH.max)),
  /** Code of the department that usually owns problems with this tag, if any. */
  routesTo: CodeSchema.nullable(),
  /** Former slugs that still resolve to this tag. */
  aliases: z.array(SlugSchema).default([]),
});
export const TaxonomySchema = z.strictObject({ tags: z.array(TaxonomyTagSchema).min(1) });

export const DepartmentSeedSchema = z.strictObject({
  code: CodeSchema,
  name: z.string().min(3),
  sphere: z.enum(SPHERES),
  province: z.enum(PROVINCES).nullable(),
  sector: z.enum(SECTORS),
});

export const FacilitySeedSchema = z.strictObject({
  code: CodeSchema,
  name: z.string().min(3),
  kind: z.enum(FACILITY_KINDS),
  sector: z.enum(SECTORS),
  province: z.enum(PROVINCES),
  district: z.string().min(3),
  localMunicipality: z.string().min(3),
  community: z.string().min(2),
  latitude: z.number().min(-35).max(-22).nullable(),
  longitude: z.number().min(16).max(33).nullable(),
  departmentCode: CodeSchema,
});

export const RoundSeedSchema = z.strictObject({
  facilityCode: CodeSchema,
  programme: z.enum(PROGRAMMES),
  wave: z.int().min(1).max(9),
  startedOn: CalendarDateSchema,
  endedOn: CalendarDateSchema.nullable(),
  citizensInterviewed: z.int().min(0),
  staffInterviewed: z.int().min(0),
  monitorsTrained: z.int().min(0),
  currentStep: z.enum(METHOD_STEPS),
});

const RootCauseSeedSchema = z.strictObject({
  level: z.enum(ROOT_CAUSE_LEVELS),
  category: z.enum(ROOT_CAUSE_CATEGORIES),
  statement: z.string().min(10).max(600),
});

const CommitmentSeedSchema = z.strictObject({
  commitment: z.string().min(10).max(600),
  responsibleParty: z.string().min(3).max(200),
  dueOn: CalendarDateSchema,
  status: z.enum(COMMITMENT_STATUSES),
  updates: z.array(z.strictObject({ on: CalendarDateSchema, note: z.string().min(5).max(600) })),
});

export const LocalIssueSeedSchema = z.strictObject({
  /** Unique reference; the seed's import source is "seed". */
  externalRef: z.string().regex(/^[A-Z0-9-]+$/),
  facilityCode: CodeSchema,
  programme: z.enum(PROGRAMMES),
  wave: z.int().min(1).max(9),
  title: z.string().min(8).max(160),
  description: z.string().min(20).max(2000),
  source: z.enum(ISSUE_SOURCES),
  respondentsCiting: z.int().min(0).nullable(),
  respondentsAsked: z.int().min(1).nullable(),
  priorityVotes: z.int().min(0).nullable(),
  /** Seeded issues are never "escalated": only a systemic case escalates an issue. */
  status: z.enum(LOCAL_ISSUE_STATUSES).exclude(['escalated']),
  raisedOn: CalendarDateSchema,
  tags: z.array(SlugSchema),
  rootCauses: z.array(RootCauseSeedSchema),
  commitments: z.array(CommitmentSeedSchema),
});

export const CaseSeedSchema = z.strictObject({
  reference: z.string().regex(/^SC-\d{4}-\d{4}$/),
  title: z.string().min(8).max(200),
  problemStatement: z.string().min(20),
  rootCauseSynthesis: z.string().min(20),
  owningDepartmentCode: CodeSchema,
  supportingDepartmentCodes: z.array(CodeSchema),
  priority: z.enum(['low', 'medium', 'high', 'critical']),
  visibility: z.enum(['public', 'internal']),
  /** The slug of the case's primary tag (content/taxonomy.json): Open311's service_code. */
  primaryTag: z.string().min(2),
  /** externalRefs of the local issues the case was escalated from. */
  issueRefs: z.array(z.string()).min(1),
  /** The case's history, oldest first; the last entry's status is the case's status. */
  events: z
    .array(
      z.strictObject({
        on: CalendarDateSchema,
        status: z.enum(CASE_STATUSES),
        actorLabel: z.string().min(3),
        comment: z.string().min(5),
      }),
    )
    .min(1),
  responseActions: z.array(
    z.strictObject({
      action: z.string().min(10),
      responsible: z.string().min(3),
      dueOn: CalendarDateSchema,
      status: z.enum(RESPONSE_ACTION_STATUSES),
      evidence: z.string().nullable(),
    }),
  ),
});

export type TaxonomyTag = z.infer<typeof TaxonomyTagSchema>;
export type DepartmentSeed = z.infer<typeof DepartmentSeedSchema>;
export type FacilitySeed = z.infer<typeof FacilitySeedSchema>;
export type RoundSeed = z.infer<typeof RoundSeedSchema>;
export type LocalIssueSeed = z.infer<typeof LocalIssueSeedSchema>;
export type CaseSeed = z.infer<typeof CaseSeedSchema>;
