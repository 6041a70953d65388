import {
  FACILITY_KIND_NAMES,
  PROVINCE_NAMES,
  RESPONSE_ACTION_STATUS_NAMES,
  type FacilityKind,
  type Province,
} from '../vocabulary.ts';
import { PUBLIC_DEADLINE_OUTCOME_NAMES, type PublicCaseView } from './public-case.ts';
import type { PublicCommitment } from '../capture/public-charter.ts';

/**
 * The open data: every public case and what the public may know of it, as tables with stable column names, for
 * /open-data/cbm-public.zip (CSV files) and /open-data/cbm-public.json. Every row comes from the cases' public
 * views (src/domain/cases/public-case.ts), so it holds what the public case pages show and nothing more: actors
 * by office, texts through the personal-data gate, facility names only where the analyst allows them.
 *
 * A column keeps its name and meaning once published: add columns at the end of a table, never rename one.
 */

/** What a column holds; the data dictionary says each in words. */
export const OPEN_DATA_TYPES = ['text', 'code', 'integer', 'boolean', 'date', 'datetime', 'url'] as const;
export type OpenDataType = (typeof OPEN_DATA_TYPES)[number];

export const OPEN_DATA_TYPE_NAMES: Record<OpenDataType, string> = {
  text: 'Text',
  code: 'Code',
  integer: 'Whole number',
  boolean: 'true or false',
  date: 'Date',
  datetime: 'Date and time',
  url: 'Web address',
};

/** What each type's cells look like, for the dictionary. */
export const OPEN_DATA_TYPE_MEANINGS: Record<OpenDataType, string> = {
  text: 'Words, as the public case pages show them.',
  code: 'A fixed word or identifier that never changes, for joining and filtering; a column beside it often gives it in words.',
  integer: 'A whole number, written as a number.',
  boolean: 'The word true or false.',
  date: 'A calendar day, written YYYY-MM-DD.',
  datetime: 'A moment in UTC, written in ISO 8601 as YYYY-MM-DDThh:mm:ssZ.',
  url: 'A web address starting with http:// or https://.',
};

/** A cell's value: empty cells are null. */
export type OpenDataCell = string | number | boolean | null;

/** A public taxonomy tag, as the service reads it. */
export interface PublicTag {
  slug: string;
  name: string;
  description: string;
  parentSlug: string | null;
  synonyms: readonly string[];
  routingDepartmentCode: string | null;
}

/** A facility's charter as the public reads it (src/domain/capture/public-charter.ts). */
export interface PublicFacilityCharter {
  facilityCode: string;
  facilityName: string;
  province: Province;
  commitments: readonly PublicCommitment[];
}

export interface OpenDataSource {
  cases: readonly PublicCaseView[];
  tags: readonly PublicTag[];
  charters: readonly PublicFacilityCharter[];
  /** The site's address, for the case pages' addresses. */
  publicUrl: string;
}

interface Column<Row> {
  name: string;
  type: OpenDataType;
  meaning: string;
  /** `site` is the site's address without a trailing slash. */
  value: (row: Row, site: string) => OpenDataCell | Date;
}

interface TableDefinition<Row> {
  /** The file's name without its extension, and the JSON's key for the table. */
  name: string;
  description: string;
  rowsOf: (source: OpenDataSource) => Row[];
  columns: readonly Column<Row>[];
}

export interface OpenDataColumnInfo {
  name: string;
  type: OpenDataType;
  meaning: string;
}

/** A table as the dictionary describes it. */
export interface OpenDataTableInfo {
  name: string;
  description: string;
  columns: readonly OpenDataColumnInfo[];
}

export interface OpenDataTable extends OpenDataTableInfo {
  rows: OpenDataCell[][];
}

type TableOf = OpenDataTableInfo & { build: (source: OpenDataSource, site: string) => OpenDataCell[][] };

const toDate = (date: Date) => date.toISOString().slice(0, 10);
const toDateTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Dates as the column's type says; everything else as it is. */
function cellOf(value: OpenDataCell | Date, type: OpenDataType): OpenDataCell {
  if (!(value instanceof Date)) return value;
  return type === 'date' ? toDate(value) : toDateTime(value);
}

function table<Row>(definition: TableDefinition<Row>): TableOf {
  const { name, description, columns } = definition;
  return {
    name,
    description,
    columns: columns.map(({ name: column, type, meaning }) => ({ name: column, type, meaning })),
    build: (source, site) =>
      definition.rowsOf(source).map((row) => columns.map((column) => cellOf(column.value(row, site), column.type))),
  };
}

/** A row of a table of the cases' items (events, actions, districts): the item and its case. */
type ItemRow<T> = { view: PublicCaseView; item: T };

/** A table of one row per item of each case, in the cases' order. */
function caseItemsTable<T>(definition: {
  name: string;
  description: string;
  itemsOf: (view: PublicCaseView) => readonly T[];
  columns: readonly Column<ItemRow<NoInfer<T>>>[];
}): TableOf {
  const { itemsOf, ...rest } = definition;
  return table<ItemRow<T>>({
    ...rest,
    rowsOf: (source) => source.cases.flatMap((view) => itemsOf(view).map((item) => ({ view, item }))),
  });
}

const caseReference: Column<{ view: PublicCaseView }> = {
  name: 'case_reference',
  type: 'code',
  meaning: 'The case it belongs to: its reference in cases.csv.',
  value: ({ view }) => view.reference,
};

const provinceColumns = <Row>(provinceOf: (row: Row) => Province): Column<Row>[] => [
  { name: 'province', type: 'code', meaning: 'The province.', value: (row) => provinceOf(row) },
  {
    name: 'province_name',
    type: 'text',
    meaning: 'The province in words.',
    value: (row) => PROVINCE_NAMES[provinceOf(row)],
  },
];

const CASES = table({
  name: 'cases',
  description:
    'One row per public case: the systemic problem, the department that owns it, where it is felt and how it stands.',
  rowsOf: (source) => source.cases.map((view) => ({ view })),
  columns: [
    {
      name: 'reference',
      type: 'code',
      meaning: 'The case’s reference, SC-<year>-<number>; the other files name the case by it.',
      value: ({ view }) => view.reference,
    },
    { name: 'title', type: 'text', meaning: 'The problem in one line.', value: ({ view }) => view.title },
    { name: 'status', type: 'code', meaning: 'Where the case stands now.', value: ({ view }) => view.status },
    {
      name: 'status_name',
      type: 'text',
      meaning: 'Where the case stands, in words.',
      value: ({ view }) => view.statusName,
    },
    {
      name: 'escalated_at',
      type: 'datetime',
      meaning: 'When DPME escalated the case to the department.',
      value: ({ view }) => view.escalatedAt,
    },
    {
      name: 'last_changed_at',
      type: 'datetime',
      meaning: 'When the last event of its public timeline happened.',
      value: ({ view }) => view.changedAt,
    },
    {
      name: 'owning_department_code',
      type: 'code',
      meaning: 'The department that owns the problem and answers for it.',
      value: ({ view }) => view.owningDepartment?.code ?? null,
    },
    {
      name: 'owning_department_name',
      type: 'text',
      meaning: 'The owning department in words.',
      value: ({ view }) => view.owningDepartment?.name ?? null,
    },
    {
      name: 'supporting_department_codes',
      type: 'text',
      meaning: 'Departments that support the owner, their codes separated by "; " (empty when none).',
      value: ({ view }) => view.supportingDepartments.map((department) => department.code).join('; ') || null,
    },
    {
      name: 'primary_tag',
      type: 'code',
      meaning: 'The problem’s tag: its slug in taxonomy.csv (empty when none).',
      value: ({ view }) => view.primaryTag?.slug ?? null,
    },
    {
      name: 'problem_statement',
      type: 'text',
      meaning: 'What the problem is, as DPME wrote it for the department.',
      value: ({ view }) => view.problemStatement,
    },
    {
      name: 'root_cause_synthesis',
      type: 'text',
      meaning: 'Why it happens, where DPME wrote it (empty otherwise).',
      value: ({ view }) => view.rootCauseSynthesis || null,
    },
    {
      name: 'facilities',
      type: 'integer',
      meaning: 'Facilities where monitors found the problem.',
      value: ({ view }) => view.spread.facilities,
    },
    {
      name: 'provinces',
      type: 'integer',
      meaning: 'Provinces those facilities are in.',
      value: ({ view }) => view.spread.provinces.length,
    },
    {
      name: 'people_citing',
      type: 'integer',
      meaning: 'People who raised the problem at those facilities.',
      value: ({ view }) => view.spread.peopleCiting,
    },
    {
      name: 'follow_up_recorded',
      type: 'integer',
      meaning: 'Facilities where monitors went back after the department said it was resolved.',
      value: ({ view }) => view.followUp.recorded,
    },
    {
      name: 'follow_up_better',
      type: 'integer',
      meaning: 'Of those, facilities where the problem improved or is no longer reported.',
      value: ({ view }) => view.followUp.better,
    },
    {
      name: 'facilities_named',
      type: 'boolean',
      meaning: 'Whether DPME allows this case to name its facilities (case_facilities.csv lists them only then).',
      value: ({ view }) => view.spread.namedFacilities !== null,
    },
    {
      name: 'url',
      type: 'url',
      meaning: 'The case’s public page.',
      value: ({ view }, site) => `${site}/cases/${encodeURIComponent(view.reference)}`,
    },
  ],
});

const CASE_EVENTS = caseItemsTable({
  name: 'case_events',
  description:
    'The public timeline of each case, oldest first: the escalation, every decision with its reason, deadline ' +
    'extensions, changes to the response plan, follow-up findings and public comments.',
  itemsOf: (view: PublicCaseView) => view.timeline,
  columns: [
    caseReference,
    {
      name: 'event_id',
      type: 'code',
      meaning: 'The event’s identifier, which never changes.',
      value: ({ item }) => item.id,
    },
    { name: 'at', type: 'datetime', meaning: 'When it happened.', value: ({ item }) => item.at },
    { name: 'kind', type: 'code', meaning: 'What happened.', value: ({ item }) => item.kind },
    { name: 'what', type: 'text', meaning: 'What happened, in words.', value: ({ item }) => item.what },
    {
      name: 'by_office',
      type: 'text',
      meaning: 'Who acted, as their role and department (never a person’s name).',
      value: ({ item }) => item.by,
    },
    {
      name: 'from_status',
      type: 'code',
      meaning: 'The case’s state before (empty when unchanged).',
      value: ({ item }) => item.from,
    },
    { name: 'to_status', type: 'code', meaning: 'The case’s state after.', value: ({ item }) => item.to },
    {
      name: 'transfer_from_department_code',
      type: 'code',
      meaning: 'For a transfer: the department that passed the case on.',
      value: ({ item }) => item.transferFrom?.code ?? null,
    },
    {
      name: 'transfer_to_department_code',
      type: 'code',
      meaning: 'For a transfer: the department that received it.',
      value: ({ item }) => item.transferTo?.code ?? null,
    },
    {
      name: 'reason',
      type: 'text',
      meaning: 'The reason given for a decision, or the text of a public comment.',
      value: ({ item }) => item.reason,
    },
    {
      name: 'evidence_url',
      type: 'url',
      meaning: 'A link to evidence the department gave.',
      value: ({ item }) => item.evidenceUrl,
    },
    {
      name: 'is_decision',
      type: 'boolean',
      meaning: 'Whether it is a decision about the case (any workflow move after the escalation).',
      value: ({ item }) => item.isDecision,
    },
    {
      name: 'is_public_comment',
      type: 'boolean',
      meaning: 'Whether it is a comment DPME made public.',
      value: ({ item }) => item.isComment,
    },
  ],
});

const CASE_DEADLINES = caseItemsTable({
  name: 'case_deadlines',
  description: 'The deadlines each case’s department had to meet (to acknowledge, decide, plan), and how each ended.',
  itemsOf: (view: PublicCaseView) => view.deadlines,
  columns: [
    caseReference,
    { name: 'deadline', type: 'code', meaning: 'Which deadline.', value: ({ item }) => item.kind },
    { name: 'deadline_name', type: 'text', meaning: 'Which deadline, in words.', value: ({ item }) => item.name },
    {
      name: 'department_code',
      type: 'code',
      meaning: 'The department that had to meet it.',
      value: ({ item }) => item.department?.code ?? null,
    },
    { name: 'started_on', type: 'date', meaning: 'The day it started.', value: ({ item }) => item.startedOn },
    {
      name: 'due_on',
      type: 'date',
      meaning: 'The day it was due, after any extension.',
      value: ({ item }) => item.dueOn,
    },
    {
      name: 'original_due_on',
      type: 'date',
      meaning: 'The day it was first due.',
      value: ({ item }) => item.originalDueOn,
    },
    {
      name: 'extensions',
      type: 'integer',
      meaning: 'How often it was extended.',
      value: ({ item }) => item.extensions,
    },
    {
      name: 'ended_on',
      type: 'date',
      meaning: 'The day it ended (empty while it runs).',
      value: ({ item }) => item.endedOn,
    },
    {
      name: 'outcome',
      type: 'code',
      meaning: 'How it ended, or stands while it runs.',
      value: ({ item }) => item.outcome,
    },
    {
      name: 'outcome_name',
      type: 'text',
      meaning: 'How it ended, in words.',
      value: ({ item }) => PUBLIC_DEADLINE_OUTCOME_NAMES[item.outcome],
    },
  ],
});

const RESPONSE_ACTIONS = caseItemsTable({
  name: 'response_actions',
  description: 'What each department said it will do about the problem, by when, and how far it has come.',
  itemsOf: (view: PublicCaseView) => view.responsePlan,
  columns: [
    caseReference,
    {
      name: 'action_id',
      type: 'code',
      meaning: 'The action’s identifier, which never changes.',
      value: ({ item }) => item.id,
    },
    { name: 'action', type: 'text', meaning: 'What will be done.', value: ({ item }) => item.action },
    {
      name: 'responsible',
      type: 'text',
      meaning: 'The unit or post responsible (never a person’s name).',
      value: ({ item }) => item.responsible,
    },
    { name: 'due_on', type: 'date', meaning: 'The day it is due.', value: ({ item }) => item.dueOn },
    { name: 'status', type: 'code', meaning: 'How far it has come.', value: ({ item }) => item.status },
    {
      name: 'status_name',
      type: 'text',
      meaning: 'How far it has come, in words.',
      value: ({ item }) => RESPONSE_ACTION_STATUS_NAMES[item.status],
    },
    { name: 'evidence', type: 'text', meaning: 'What shows it was done.', value: ({ item }) => item.evidence },
    { name: 'evidence_url', type: 'url', meaning: 'A link to that evidence.', value: ({ item }) => item.evidenceUrl },
  ],
});

const FOLLOW_UP_FINDINGS = caseItemsTable({
  name: 'follow_up_findings',
  description:
    'What monitors found when they went back after a department said a problem was resolved: one row per facility ' +
    'where the case names its facilities, otherwise the facilities counted per district and result.',
  itemsOf: (view: PublicCaseView) => view.followUpFindings,
  columns: [
    caseReference,
    ...provinceColumns(({ item }: ItemRow<{ province: Province }>) => item.province),
    { name: 'district', type: 'text', meaning: 'The district.', value: ({ item }) => item.district },
    {
      name: 'facility_name',
      type: 'text',
      meaning: 'The facility, where the case names its facilities (empty otherwise).',
      value: ({ item }) => item.facilityName,
    },
    {
      name: 'facility_kind',
      type: 'code',
      meaning: 'The kind of facility, where the case names its facilities (empty otherwise).',
      value: ({ item }) => item.facilityKind,
    },
    { name: 'result', type: 'code', meaning: 'What monitors found.', value: ({ item }) => item.result },
    {
      name: 'result_name',
      type: 'text',
      meaning: 'What monitors found, in words.',
      value: ({ item }) => item.resultName,
    },
    {
      name: 'facilities',
      type: 'integer',
      meaning: 'Facilities the row counts (1 for a named facility).',
      value: ({ item }) => item.facilities,
    },
    {
      name: 'citizens_asked',
      type: 'integer',
      meaning: 'Citizens monitors asked, where recorded (a sum over the facilities counted).',
      value: ({ item }) => item.citizensAsked,
    },
    {
      name: 'citizens_citing',
      type: 'integer',
      meaning: 'Of those, citizens who still raised the problem, where recorded.',
      value: ({ item }) => item.citizensCiting,
    },
    {
      name: 'found_on',
      type: 'date',
      meaning: 'The day of the finding (the latest of the facilities counted).',
      value: ({ item }) => item.foundOn,
    },
  ],
});

const CASE_DISTRICTS = caseItemsTable({
  name: 'case_districts',
  description: 'Where each case’s problem is felt: its facilities and the people who raised it, per district.',
  itemsOf: (view: PublicCaseView) => view.spread.districts,
  columns: [
    caseReference,
    ...provinceColumns(({ item }: ItemRow<{ province: Province }>) => item.province),
    { name: 'district', type: 'text', meaning: 'The district.', value: ({ item }) => item.district },
    {
      name: 'facilities',
      type: 'integer',
      meaning: 'The case’s facilities in the district.',
      value: ({ item }) => item.facilities,
    },
    {
      name: 'people_citing',
      type: 'integer',
      meaning: 'People who raised the problem at them.',
      value: ({ item }) => item.peopleCiting,
    },
  ],
});

const CASE_FACILITY_KINDS = caseItemsTable({
  name: 'case_facility_kinds',
  description: 'The kinds of facility where each case’s problem is felt, with how many of each.',
  itemsOf: (view: PublicCaseView) => view.spread.kinds,
  columns: [
    caseReference,
    { name: 'facility_kind', type: 'code', meaning: 'The kind of facility.', value: ({ item }) => item.kind },
    {
      name: 'facility_kind_name',
      type: 'text',
      meaning: 'The kind of facility, in words.',
      value: ({ item }) => item.name,
    },
    {
      name: 'facilities',
      type: 'integer',
      meaning: 'The case’s facilities of that kind.',
      value: ({ item }) => item.facilities,
    },
  ],
});

const CASE_FACILITIES = caseItemsTable({
  name: 'case_facilities',
  description:
    'The facilities of the cases DPME allows to name them (facilities_named in cases.csv); none of the others.',
  itemsOf: (view: PublicCaseView) => view.spread.namedFacilities ?? [],
  columns: [
    caseReference,
    { name: 'facility_name', type: 'text', meaning: 'The facility.', value: ({ item }) => item.name },
    { name: 'facility_kind', type: 'code', meaning: 'The kind of facility.', value: ({ item }) => item.kind },
    {
      name: 'facility_kind_name',
      type: 'text',
      meaning: 'The kind of facility, in words.',
      value: ({ item }) => FACILITY_KIND_NAMES[item.kind as FacilityKind],
    },
    ...provinceColumns(({ item }: ItemRow<{ province: Province }>) => item.province),
    { name: 'district', type: 'text', meaning: 'The district.', value: ({ item }) => item.district },
  ],
});

const TAXONOMY = table({
  name: 'taxonomy',
  description: 'The tags problems are filed under (a tree): the primary_tag of cases.csv is a slug here.',
  rowsOf: (source) => [...source.tags],
  columns: [
    { name: 'slug', type: 'code', meaning: 'The tag’s name in addresses; it never changes.', value: (tag) => tag.slug },
    { name: 'name', type: 'text', meaning: 'The tag in words.', value: (tag) => tag.name },
    {
      name: 'parent_slug',
      type: 'code',
      meaning: 'The broader tag it belongs to (empty for a top-level tag).',
      value: (tag) => tag.parentSlug,
    },
    { name: 'description', type: 'text', meaning: 'What the tag covers.', value: (tag) => tag.description || null },
    {
      name: 'synonyms',
      type: 'text',
      meaning: 'Other words people use for it, separated by "; ".',
      value: (tag) => tag.synonyms.join('; ') || null,
    },
    {
      name: 'routing_department_code',
      type: 'code',
      meaning: 'The department problems with this tag usually go to (empty when none is set).',
      value: (tag) => tag.routingDepartmentCode,
    },
  ],
});

const PUBLIC_COMMITMENTS = table({
  name: 'public_commitments',
  description:
    'What was promised in each facility’s commitment charter, as its public page shows it: text the personal-data check flagged reads as waiting for review until an analyst published it.',
  rowsOf: (source) =>
    source.charters.flatMap((charter) => charter.commitments.map((commitment) => ({ charter, commitment }))),
  columns: [
    { name: 'facility_code', type: 'code', meaning: 'The facility.', value: ({ charter }) => charter.facilityCode },
    {
      name: 'facility_name',
      type: 'text',
      meaning: 'The facility, by name.',
      value: ({ charter }) => charter.facilityName,
    },
    ...provinceColumns(({ charter }: { charter: PublicFacilityCharter }) => charter.province),
    {
      name: 'commitment_number',
      type: 'integer',
      meaning: 'The commitment’s number in the facility’s charter (by due date).',
      value: ({ commitment }) => commitment.number,
    },
    {
      name: 'commitment',
      type: 'text',
      meaning: 'What was promised.',
      value: ({ commitment }) => commitment.commitment,
    },
    {
      name: 'responsible',
      type: 'text',
      meaning: 'The office or role that promised it.',
      value: ({ commitment }) => commitment.responsible,
    },
    { name: 'due_on', type: 'date', meaning: 'The date it is due by.', value: ({ commitment }) => commitment.dueOn },
    {
      name: 'status',
      type: 'code',
      meaning: 'Where the commitment stands.',
      value: ({ commitment }) => commitment.status,
    },
    {
      name: 'status_name',
      type: 'text',
      meaning: 'Where the commitment stands, in words.',
      value: ({ commitment }) => commitment.statusName,
    },
    {
      name: 'overdue',
      type: 'boolean',
      meaning: 'Past its due date and not done.',
      value: ({ commitment }) => commitment.isOverdue,
    },
    {
      name: 'last_progress_on',
      type: 'date',
      meaning: 'The date of its latest progress note (empty when none).',
      value: ({ commitment }) => commitment.progress[0]?.on ?? null,
    },
    {
      name: 'last_progress',
      type: 'text',
      meaning: 'Its latest progress note.',
      value: ({ commitment }) => commitment.progress[0]?.note ?? null,
    },
  ],
});

/** The tables, in the order the download lists them. */
const TABLES: readonly TableOf[] = [
  CASES,
  CASE_EVENTS,
  CASE_DEADLINES,
  RESPONSE_ACTIONS,
  FOLLOW_UP_FINDINGS,
  CASE_DISTRICTS,
  CASE_FACILITY_KINDS,
  CASE_FACILITIES,
  PUBLIC_COMMITMENTS,
  TAXONOMY,
];

/** Every file and column with its type and meaning, for /open-data and the download's own dictionary. */
export const OPEN_DATA_DICTIONARY: readonly OpenDataTableInfo[] = TABLES.map(({ name, description, columns }) => ({
  name,
  description,
  columns,
}));

/** Every column name of the open data, once each. */
export const OPEN_DATA_COLUMN_NAMES: readonly string[] = [
  ...new Set(OPEN_DATA_DICTIONARY.flatMap((entry) => entry.columns.map((column) => column.name))),
];

/** The open data's tables, their rows made from the public views. */
export function openDataTables(source: OpenDataSource): OpenDataTable[] {
  const site = source.publicUrl.replace(/\/+$/, '');
  return TABLES.map(({ build, ...info }) => ({ ...info, rows: build(source, site) }));
}
