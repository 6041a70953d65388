import { z } from 'zod';
import { showForbiddenCharacters } from '../text/forbidden-characters.ts';
import { textField } from '../text/text-schema.ts';
import { ISSUE_SOURCES } from '../vocabulary.ts';
import { IMPORT_COLUMNS, type ImportColumn, type ImportProblem, type ImportRow } from './local-issue-rows.ts';
import { isCalendarDate } from '../text/calendar-date.ts';
import { readWrittenDate } from './written-date.ts';

/**
 * Survey exports (KoboToolbox, ODK Central) become import rows through a mapping file that names, for each
 * import column, the export column holding it. docs/SURVEY-IMPORT.md documents the file for its writers.
 */

export const SURVEY_TOOLS = ['kobotoolbox', 'odk-central'] as const;
export type SurveyTool = (typeof SURVEY_TOOLS)[number];

/** Every import column but external_ref, which always comes from the submission key. */
export const MAPPABLE_COLUMNS = IMPORT_COLUMNS.filter(
  (column): column is Exclude<ImportColumn, 'external_ref'> => column !== 'external_ref',
);
export type MappableColumn = Exclude<ImportColumn, 'external_ref'>;

const REQUIRED_TARGETS: readonly MappableColumn[] = ['facility_code', 'source', 'title', 'raised_on'];

const DEFAULT_SUBMISSION_KEY: Record<SurveyTool, string> = { kobotoolbox: '_uuid', 'odk-central': 'KEY' };
const SOURCE_PREFIX: Record<SurveyTool, string> = { kobotoolbox: 'kobo', 'odk-central': 'odk' };

/**
 * Metadata columns that identify whoever submitted or their device. A mapping may not name them, so that
 * a typo in a mapping cannot copy a monitor's name or phone into a title or description.
 */
const IDENTIFYING_COLUMNS = new Set([
  '_submitted_by',
  'submitterid',
  'submittername',
  'username',
  'deviceid',
  'phonenumber',
  'simserial',
  'subscriberid',
  'email',
]);

export const TIMES_WITHOUT_ZONE = ['south_africa', 'utc'] as const;
export type TimesWithoutZone = (typeof TIMES_WITHOUT_ZONE)[number];

export interface SurveyMapping {
  tool: SurveyTool;
  /** The form's id in the tool; the import source is `kobo:<form>` or `odk:<form>`. */
  form: string;
  /** The export column whose value becomes external_ref (defaults by tool: `_uuid`, `KEY`). */
  submissionKey: string;
  /** Import column -> the export column that holds it. */
  columns: Partial<Record<MappableColumn, string>>;
  /** Import column -> a constant, used when the column is not mapped or its answer is empty. */
  defaults: Partial<Record<MappableColumn, string>>;
  /** Between the choices of a select_multiple answer in the tags column (a space in both tools). */
  tagSeparator: string;
  /** Import column -> (answer in the export -> value to import). Answers not listed pass unchanged. */
  values: Partial<Record<MappableColumn, Record<string, string>>>;
  /** How to read a time written without Z or an offset, such as `2025-03-14T09:21:07`. */
  timesWithoutZone: TimesWithoutZone;
}

export type SurveyMappingParse = { ok: true; mapping: SurveyMapping } | { ok: false; problems: string[] };

const FORM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

/** Checks a constant (a default, or the target of a recoding) for the columns with a closed set of values. */
const CONSTANT_CHECKS: Partial<Record<MappableColumn, { isValid: (value: string) => boolean; expected: string }>> = {
  source: {
    isValid: (value) => (ISSUE_SOURCES as readonly string[]).includes(value),
    expected: `one of ${ISSUE_SOURCES.join(', ')}`,
  },
  wave: { isValid: (value) => /^[1-9]$/.test(value), expected: 'a wave number from 1 to 9' },
  respondents_citing: { isValid: (value) => /^\d+$/.test(value), expected: 'a whole number of 0 or more' },
  respondents_asked: { isValid: (value) => /^\d+$/.test(value), expected: 'a whole number of 0 or more' },
  priority_votes: { isValid: (value) => /^\d+$/.test(value), expected: 'a whole number of 0 or more' },
  raised_on: { isValid: isCalendarDate, expected: 'a date written YYYY-MM-DD' },
};

function shapeOf<T>(make: (column: MappableColumn) => T): Record<MappableColumn, T> {
  return Object.fromEntries(MAPPABLE_COLUMNS.map((column) => [column, make(column)])) as Record<MappableColumn, T>;
}

const required = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `required: ${expected}` : `expected ${expected}`;

const ExportColumnSchema = textField({ error: required('the name of a column of the export, in quotes') })
  .trim()
  .min(1, 'expected the name of a column of the export')
  .max(200, 'expected a column name of at most 200 characters');

/** A constant written in the mapping file; numbers are accepted for counts and waves ("wave": 1). */
const constantOf = (column: MappableColumn, { allowEmpty }: { allowEmpty: boolean }) => {
  const check = CONSTANT_CHECKS[column];
  return z
    .union([textField().trim(), z.number().transform(String)], { error: 'expected text or a number' })
    .refine((value) => (value === '' ? allowEmpty : !check || check.isValid(value)), {
      error: (issue) =>
        issue.input === '' ? 'expected a value (leave the key out instead)' : `expected ${check?.expected ?? 'text'}`,
    });
};

const objectOf = (what: string) => ({ error: required(`an object ${what}`) });

/** The mapping file, as docs/SURVEY-IMPORT.md describes it. */
export const SurveyMappingSchema = z.strictObject(
  {
    tool: z.enum(SURVEY_TOOLS, { error: required(SURVEY_TOOLS.map((tool) => `"${tool}"`).join(' or ')) }),
    form: textField({ error: required('the form\'s id, such as "citizen-survey-2025"') })
      .trim()
      .regex(FORM_ID, 'expected the form\'s id: letters, digits, "_", "-" or ".", at most 80 characters'),
    submissionKey: ExportColumnSchema.optional(),
    columns: z.strictObject(
      shapeOf(() => ExportColumnSchema.optional()),
      objectOf('naming, for each import column, the export column that holds it'),
    ),
    defaults: z
      .strictObject(
        shapeOf((column) => constantOf(column, { allowEmpty: false }).optional()),
        objectOf('giving constants for import columns'),
      )
      .optional(),
    tagSeparator: textField({ error: 'expected the text between tags, in quotes, such as " "' })
      .min(1, 'expected the text between tags, such as " "')
      .max(5, 'expected at most 5 characters')
      .optional(),
    values: z
      .strictObject(
        shapeOf((column) =>
          z
            .record(textField(), constantOf(column, { allowEmpty: true }), {
              error: 'expected an object from answers in the export to values to import',
            })
            .optional(),
        ),
        objectOf('of recodings, by import column'),
      )
      .optional(),
    timesWithoutZone: z
      .enum(TIMES_WITHOUT_ZONE, { error: `expected ${TIMES_WITHOUT_ZONE.map((v) => `"${v}"`).join(' or ')}` })
      .optional(),
  },
  { error: 'expected a JSON object with "tool", "form" and "columns"' },
);

const MAPPING_KEYS = Object.keys(SurveyMappingSchema.shape);

// Keys come from the file as written: a control character in one is shown as [U+0000], never passed on.
const pathOf = (path: readonly PropertyKey[]) => path.map((part) => showForbiddenCharacters(String(part))).join('.');

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code !== 'unrecognized_keys') {
    const path = pathOf(issue.path);
    // A refused key of a recoding says why (its own check), not only that the object is wrong.
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return [path ? `${path}: ${message}` : message];
  }
  return issue.keys.map((key) => {
    const path = pathOf([...issue.path, key]);
    if (issue.path.length === 0) return `${path}: unknown mapping key; the keys are ${MAPPING_KEYS.join(', ')}`;
    if (key === 'external_ref') {
      return `${path}: external_ref always holds the submission key; set "submissionKey" instead`;
    }
    return `${path}: unknown import column; the columns are ${MAPPABLE_COLUMNS.join(', ')}`;
  });
}

const lastSegment = (name: string) => name.toLowerCase().split(/[/-]/).pop() ?? '';

/**
 * Checks a mapping file already parsed from JSON and fills in the defaults. Every problem is one line
 * naming its field (`columns.title: required: ...`), as the CLI and the import page show them.
 */
export function parseSurveyMapping(json: unknown): SurveyMappingParse {
  const parsed = SurveyMappingSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(describeIssue) };
  const data = parsed.data;
  const columns = data.columns as Partial<Record<MappableColumn, string>>;
  const defaults = (data.defaults ?? {}) as Partial<Record<MappableColumn, string>>;
  const values = (data.values ?? {}) as Partial<Record<MappableColumn, Record<string, string>>>;
  const mapping: SurveyMapping = {
    tool: data.tool,
    form: data.form,
    submissionKey: data.submissionKey ?? DEFAULT_SUBMISSION_KEY[data.tool],
    columns: Object.fromEntries(Object.entries(columns).filter(([, name]) => name !== undefined)),
    defaults: Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== undefined)),
    tagSeparator: data.tagSeparator ?? ' ',
    values: Object.fromEntries(Object.entries(values).filter(([, recoding]) => recoding !== undefined)),
    timesWithoutZone: data.timesWithoutZone ?? 'south_africa',
  };

  const problems: string[] = [];
  for (const target of REQUIRED_TARGETS) {
    if (mapping.columns[target] === undefined && mapping.defaults[target] === undefined) {
      problems.push(
        `columns.${target}: required: name the export column that holds ${target} (or give a constant in defaults.${target})`,
      );
    }
  }
  for (const target of MAPPABLE_COLUMNS) {
    if (mapping.values[target] && mapping.columns[target] === undefined) {
      problems.push(`values.${target}: columns.${target} is not set, so there are no answers to recode`);
    }
  }
  const named: [string, string][] = [
    ['submissionKey', mapping.submissionKey],
    ...Object.entries(mapping.columns).map(([target, name]): [string, string] => [`columns.${target}`, name]),
  ];
  for (const [field, name] of named) {
    if (IDENTIFYING_COLUMNS.has(lastSegment(name))) {
      problems.push(`${field}: "${name}" identifies the person or device that submitted; the tracker never stores it`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, mapping };
}

/** The same, from the file's text: a file that is not JSON gets one problem saying where. */
export function parseSurveyMappingText(text: string): SurveyMappingParse {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, problems: [`the mapping file is not valid JSON: ${(error as Error).message}`] };
  }
  return parseSurveyMapping(json);
}

/** The import source of the rows: external_ref is unique per source, so each form has its own references. */
export function surveyImportSource(mapping: Pick<SurveyMapping, 'tool' | 'form'>): string {
  return `${SOURCE_PREFIX[mapping.tool]}:${mapping.form}`;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const SOUTH_AFRICA_OFFSET_MS = 2 * 3_600_000;

/**
 * The South African calendar date (UTC+2 all year) of a date or a time from a survey export: ODK Central's
 * `2025-03-14T23:30:00.000Z` is 15 March there. A time without a zone is read as `timesWithoutZone` says.
 * Returns null for anything else.
 */
export function southAfricanDateOf(value: string, timesWithoutZone: TimesWithoutZone): string | null {
  const match = TIMESTAMP.exec(value.trim());
  if (!match) {
    const written = readWrittenDate(value);
    return written.ok ? written.date : null;
  }
  const [, year = '', month = '', day = '', hours, minutes = '0', seconds = '0', zone] = match;
  const date = `${year}-${month}-${day}`;
  if (!isCalendarDate(date)) return null;
  if (hours === undefined) return date;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return null;
  if (zone === undefined && timesWithoutZone === 'south_africa') return date;
  let offsetMinutes = 0;
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const [, sign = '+', offsetHours = '0', offsetRest = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetRest));
  }
  const instant =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds)) -
    offsetMinutes * 60_000;
  return new Date(instant + SOUTH_AFRICA_OFFSET_MS).toISOString().slice(0, 10);
}

export type SurveyExportMapping =
  | {
      ok: true;
      /** The import columns the rows hold, in the order of IMPORT_COLUMNS. */
      header: ImportColumn[];
      rows: ImportRow[];
      /** Import column -> the export column it was read from, to report problems in the export's terms. */
      exportColumnOf: Partial<Record<ImportColumn, string>>;
    }
  | { ok: false; problems: ImportProblem[] };

export type SurveyRowMapper =
  | {
      ok: true;
      /** The import columns the rows hold, in the order of IMPORT_COLUMNS. */
      header: ImportColumn[];
      /** Import column -> the export column it was read from, to report problems in the export's terms. */
      exportColumnOf: Partial<Record<ImportColumn, string>>;
      /** Translates one row; its problems (an empty key, a bad date) are added to `problems`. */
      mapRow: (row: ImportRow, problems: ImportProblem[]) => ImportRow;
    }
  | { ok: false; problems: ImportProblem[] };

type ColumnMatch = { found: string } | { missing: true } | { ambiguous: string[] };

/**
 * Finds a mapped name in the export's header, ignoring case. A name matches itself, or the same name inside
 * groups: `facility_code` matches Kobo's `group_facility/facility_code` and ODK Central's
 * `group_facility-facility_code`, and `group_facility/facility_code` matches the latter too.
 */
function findColumn(header: readonly string[], name: string): ColumnMatch {
  const wanted = name.trim().toLowerCase();
  const forms = [...new Set([wanted, wanted.replaceAll('/', '-')])];
  const exact = header.filter((column) => forms.includes(column.trim().toLowerCase()));
  if (exact.length === 1 && exact[0] !== undefined) return { found: exact[0] };
  if (exact.length > 1) return { ambiguous: exact };
  const inGroups = header.filter((column) => {
    const candidate = column.trim().toLowerCase();
    return forms.some((form) => candidate.endsWith(`/${form}`) || candidate.endsWith(`-${form}`));
  });
  if (inGroups.length === 1 && inGroups[0] !== undefined) return { found: inGroups[0] };
  return inGroups.length > 1 ? { ambiguous: inGroups } : { missing: true };
}

const quotedList = (items: readonly string[]) => items.map((item) => `"${item}"`).join(' and ');

/**
 * Finds the mapping's columns in a survey export's header, then translates its rows one at a time into
 * import rows keyed by import column, on the same lines, so that a large export need not be held at once. Only the submission key and the mapped columns are read: every other column
 * of the export, such as a respondent's name or `_submitted_by`, is dropped here and never reaches the rows.
 * Recodes answers, turns dates and times into South African dates and select_multiple answers into `a|b`.
 */
export function surveyRowMapper(header: readonly string[], mapping: SurveyMapping): SurveyRowMapper {
  const problems: ImportProblem[] = [];
  const available = showForbiddenCharacters(header.join(', '));

  // One lookup per export column the mapping names, so that a column named twice is reported once.
  const targetsByName = new Map<string, { name: string; targets: string[] }>();
  const wants = (name: string, target: string) => {
    const key = name.trim().toLowerCase();
    const entry = targetsByName.get(key) ?? { name: name.trim(), targets: [] };
    entry.targets.push(target);
    targetsByName.set(key, entry);
  };
  wants(mapping.submissionKey, 'external_ref');
  for (const [target, name] of Object.entries(mapping.columns)) wants(name, target);

  const exportColumnOf: Partial<Record<ImportColumn, string>> = {};
  for (const { name, targets } of targetsByName.values()) {
    const match = findColumn(header, name);
    const fields = targets.filter((target) => target !== 'external_ref');
    const what = [
      ...(targets.includes('external_ref') ? ['submission key'] : []),
      ...(fields.length > 0 ? [`${quotedList(fields)} column`] : []),
    ].join(' and ');
    if ('found' in match) {
      for (const target of targets) exportColumnOf[target as ImportColumn] = match.found;
    } else if ('missing' in match) {
      const hint =
        targets.includes('external_ref') && name === DEFAULT_SUBMISSION_KEY[mapping.tool]
          ? `; it is ${mapping.tool}'s usual submission key: set "submissionKey" in the mapping if the export names it otherwise`
          : '';
      problems.push({
        line: 1,
        column: name,
        value: name,
        reason: `the mapping's ${what} "${name}" is not in this export (columns are: ${available})${hint}`,
      });
    } else {
      problems.push({
        line: 1,
        column: name,
        value: name,
        reason: `the mapping's ${what} "${name}" matches several columns of this export (${match.ambiguous.join(', ')}); write the full name of one of them`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const outputColumns = IMPORT_COLUMNS.filter(
    (column) =>
      column === 'external_ref' ||
      exportColumnOf[column] !== undefined ||
      mapping.defaults[column as MappableColumn] !== undefined,
  );
  const keyColumn = exportColumnOf.external_ref ?? mapping.submissionKey;
  const splitTags = (answer: string) =>
    mapping.tagSeparator.trim() === '' ? answer.split(/\s+/) : answer.split(mapping.tagSeparator);

  const mapRow = ({ line, values }: ImportRow, problems: ImportProblem[]): ImportRow => {
    const out: Record<string, string> = {};
    const externalRef = (values[keyColumn] ?? '').trim();
    if (externalRef === '') {
      problems.push({
        line,
        column: keyColumn,
        value: '',
        reason: `the submission key is empty; every submission needs its "${mapping.submissionKey}" so that a re-import recognises it`,
      });
    }
    out.external_ref = externalRef;

    for (const column of outputColumns) {
      if (column === 'external_ref') continue;
      const source = exportColumnOf[column];
      const recode = mapping.values[column];
      const fallback = mapping.defaults[column] ?? '';
      const answer = source === undefined ? '' : (values[source] ?? '').trim();
      const recoded = (value: string) => (recode && Object.hasOwn(recode, value) ? (recode[value] ?? '') : value);

      if (column === 'tags') {
        const tags = splitTags(answer)
          .map((tag) => recoded(tag.trim()).trim())
          .filter(Boolean);
        out.tags = tags.length > 0 ? [...new Set(tags)].join('|') : fallback;
        continue;
      }
      const value = answer === '' ? '' : recoded(answer).trim();
      if (column === 'raised_on' && value !== '') {
        const date = southAfricanDateOf(value, mapping.timesWithoutZone);
        if (date === null) {
          problems.push({
            line,
            column: source ?? column,
            value: showForbiddenCharacters(value.slice(0, 200)),
            reason:
              'expected a date such as 2025-03-14 or 14/03/2025, or a time such as 2025-03-14T09:21:07 or 2025-03-14T09:21:07.123Z',
          });
        }
        out.raised_on = date ?? value;
        continue;
      }
      out[column] = value === '' ? fallback : value;
    }
    return { line, values: out };
  };
  return { ok: true, header: outputColumns, exportColumnOf, mapRow };
}

/** The whole export at once: every row translated, or every problem. */
export function mapSurveyExport(
  header: readonly string[],
  rows: readonly ImportRow[],
  mapping: SurveyMapping,
): SurveyExportMapping {
  const mapper = surveyRowMapper(header, mapping);
  if (!mapper.ok) return mapper;
  const problems: ImportProblem[] = [];
  const mapped = rows.map((row) => mapper.mapRow(row, problems));
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, header: mapper.header, rows: mapped, exportColumnOf: mapper.exportColumnOf };
}

/**
 * Rewrites the column of each problem that checkImportRows found in mapped rows into the export's terms,
 * `group_facility/facility_code (facility_code)`, so that the person fixing the export finds it.
 * Columns filled from the mapping's defaults say so: `wave (defaults.wave in the mapping)`.
 */
export function inExportTerms(
  problems: readonly ImportProblem[],
  exportColumnOf: Partial<Record<ImportColumn, string>>,
): ImportProblem[] {
  return problems.map((problem) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(problem.column)) return problem;
    const source = exportColumnOf[problem.column as ImportColumn];
    const column =
      source !== undefined
        ? `${showForbiddenCharacters(source)} (${problem.column})`
        : `${problem.column} (defaults.${problem.column} in the mapping)`;
    return { ...problem, column };
  });
}
