import { resolveTagTerms, unresolvedTermReason, type TagVocabulary } from '../taxonomy/resolve-term.ts';
import {
  findForbiddenCharacter,
  forbiddenCharacterReason,
  showForbiddenCharacters,
  withoutForbiddenCharacters,
} from '../text/forbidden-characters.ts';
import {
  ISSUE_SOURCES,
  ROOT_CAUSE_CATEGORIES,
  ROOT_CAUSE_LEVELS,
  type IssueSource,
  type RootCauseCategory,
  type RootCauseLevel,
} from '../vocabulary.ts';
import { readWrittenDate } from './written-date.ts';

/** The columns of docs/IMPORT-FORMAT.md, in the template's order. */
export const IMPORT_COLUMNS = [
  'external_ref',
  'facility_code',
  'wave',
  'source',
  'title',
  'description',
  'respondents_citing',
  'respondents_asked',
  'priority_votes',
  'tags',
  'root_causes',
  'raised_on',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly ImportColumn[] = ['external_ref', 'facility_code', 'source', 'title', 'raised_on'];

export const LIMITS = { externalRef: 100, title: 200, description: 5000, statement: 600, count: 10_000_000 } as const;

/**
 * One problem with an import, where a person can find it: the file's line and the column. The value shows a
 * control character or bidirectional override as "[U+0000]" (showForbiddenCharacters), never the character.
 */
export interface ImportProblem {
  line: number;
  column: string;
  value: string;
  reason: string;
}

export interface ImportRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number;
  values: Partial<Record<string, string>>;
}

/** What the database knows, looked up before validation so that the rules stay pure. */
export interface ImportReferences {
  facilityIdByCode: ReadonlyMap<string, string>;
  /** `${facilityId}:${wave}` -> the ids of the rounds with that wave at that facility. */
  roundIdsByFacilityWave: ReadonlyMap<string, readonly string[]>;
  /** The live tags' slugs, former slugs, names and synonyms. */
  tags: TagVocabulary;
  /** Today in South Africa (YYYY-MM-DD): no issue can be raised after it. */
  today: string;
}

export interface ValidIssueRow {
  line: number;
  externalRef: string;
  facilityId: string;
  roundId: string | null;
  source: IssueSource;
  title: string;
  description: string;
  respondentsCiting: number | null;
  respondentsAsked: number | null;
  priorityVotes: number | null;
  tagIds: string[];
  rootCauses: { level: RootCauseLevel; category: RootCauseCategory; statement: string }[];
  raisedOn: string;
}

export type RowsCheck = { ok: true; rows: ValidIssueRow[] } | { ok: false; problems: ImportProblem[] };

/** Problems with the header: missing required columns, and columns the format does not know. */
export function checkHeader(header: readonly string[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const column of REQUIRED) {
    if (!header.includes(column)) {
      problems.push({ line: 1, column, value: '', reason: `the column "${column}" is missing from the header` });
    }
  }
  for (const column of header) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(column)) {
      problems.push({
        line: 1,
        column: showForbiddenCharacters(column),
        value: showForbiddenCharacters(column),
        reason: `unknown column; the format has ${IMPORT_COLUMNS.join(', ')}`,
      });
    }
  }
  return problems;
}

/**
 * Checks rows one at a time, remembering what the file has shown so far (the references, for duplicates),
 * so that a large file can be checked as it is read, without holding all its rows.
 */
export interface RowChecker {
  /** The row to write, or null when it has problems (they are added to `problems`). */
  check(row: ImportRow): ValidIssueRow | null;
  readonly problems: ImportProblem[];
}

export function createRowChecker(references: ImportReferences): RowChecker {
  const problems: ImportProblem[] = [];
  const firstLineOfRef = new Map<string, number>();
  const check = ({ line, values }: ImportRow): ValidIssueRow | null => {
    const before = problems.length;
    const problem = (column: ImportColumn, reason: string) =>
      problems.push({ line, column, value: showForbiddenCharacters((values[column] ?? '').slice(0, 200)), reason });
    // A control character or bidirectional override refuses its cell; the other checks then read the cell
    // without it, so that the report lists the cell's other problems too.
    for (const column of IMPORT_COLUMNS) {
      const found = findForbiddenCharacter(values[column] ?? '');
      if (found) problem(column, forbiddenCharacterReason(found));
    }
    const text = (column: ImportColumn) => withoutForbiddenCharacters(values[column] ?? '').trim();
    const count = (column: ImportColumn): number | null => {
      const raw = text(column);
      if (raw === '') return null;
      if (!/^\d+$/.test(raw) || Number(raw) > LIMITS.count) {
        problem(column, 'expected a whole number of 0 or more');
        return null;
      }
      return Number(raw);
    };
    const externalRef = text('external_ref');
    if (externalRef === '')
      problem('external_ref', 'required: the row’s reference in the source, so that re-imports match it');
    else if (externalRef.length > LIMITS.externalRef)
      problem('external_ref', `longer than ${LIMITS.externalRef} characters`);
    else if (firstLineOfRef.has(externalRef)) {
      problem('external_ref', `appears twice in this file (first on line ${firstLineOfRef.get(externalRef)})`);
    } else firstLineOfRef.set(externalRef, line);

    const facilityCode = text('facility_code');
    const facilityId = references.facilityIdByCode.get(facilityCode);
    if (facilityCode === '') problem('facility_code', 'required');
    else if (!facilityId) problem('facility_code', 'no facility has this code');

    let roundId: string | null = null;
    const wave = text('wave');
    if (wave !== '') {
      if (!/^[1-9]$/.test(wave)) problem('wave', 'expected a wave number from 1 to 9');
      else if (facilityId) {
        const rounds = references.roundIdsByFacilityWave.get(`${facilityId}:${wave}`) ?? [];
        if (rounds.length === 1) roundId = rounds[0] ?? null;
        else if (rounds.length === 0) problem('wave', `the facility has no monitoring round of wave ${wave}`);
        else
          problem(
            'wave',
            `the facility has ${rounds.length} rounds of wave ${wave}; record the issue in the app instead`,
          );
      }
    }

    const source = text('source');
    if (!(ISSUE_SOURCES as readonly string[]).includes(source)) {
      problem('source', `expected one of ${ISSUE_SOURCES.join(', ')}`);
    }

    const title = text('title');
    if (title === '') problem('title', 'required');
    else if (title.length > LIMITS.title) problem('title', `longer than ${LIMITS.title} characters (${title.length})`);
    const description = text('description');
    if (description.length > LIMITS.description) {
      problem('description', `longer than ${LIMITS.description} characters (${description.length})`);
    }

    const respondentsCiting = count('respondents_citing');
    const respondentsAsked = count('respondents_asked');
    const priorityVotes = count('priority_votes');
    if (respondentsCiting !== null && respondentsAsked !== null && respondentsCiting > respondentsAsked) {
      problem(
        'respondents_citing',
        `more respondents cite it (${respondentsCiting}) than were asked (${respondentsAsked})`,
      );
    }

    const typedTags = text('tags')
      .split('|')
      .map((tag) => tag.trim())
      .filter(Boolean);
    const { tagIds, unresolved } = resolveTagTerms(references.tags, typedTags);
    for (const term of unresolved) problem('tags', unresolvedTermReason(term));

    const rootCauses: ValidIssueRow['rootCauses'] = [];
    for (const entry of text('root_causes')
      .split('|')
      .map((cause) => cause.trim())
      .filter(Boolean)) {
      const [level = '', category = '', ...rest] = entry.split(':');
      const statement = rest.join(':').trim();
      if (!(ROOT_CAUSE_LEVELS as readonly string[]).includes(level.trim())) {
        problem('root_causes', `"${entry.slice(0, 60)}": the level must be one of ${ROOT_CAUSE_LEVELS.join(', ')}`);
      } else if (!(ROOT_CAUSE_CATEGORIES as readonly string[]).includes(category.trim())) {
        problem(
          'root_causes',
          `"${entry.slice(0, 60)}": the category must be one of ${ROOT_CAUSE_CATEGORIES.join(', ')}`,
        );
      } else if (statement.length < 3 || statement.length > LIMITS.statement) {
        problem(
          'root_causes',
          `"${entry.slice(0, 60)}": write the cause after level:category: (3 to ${LIMITS.statement} characters)`,
        );
      } else {
        rootCauses.push({
          level: level.trim() as RootCauseLevel,
          category: category.trim() as RootCauseCategory,
          statement,
        });
      }
    }

    const writtenOn = readWrittenDate(text('raised_on'));
    const raisedOn = writtenOn.ok ? writtenOn.date : '';
    if (!writtenOn.ok) problem('raised_on', writtenOn.reason);
    else if (raisedOn > references.today) problem('raised_on', `in the future (today is ${references.today})`);

    if (problems.length > before || !facilityId) return null;
    return {
      line,
      externalRef,
      facilityId,
      roundId,
      source: source as IssueSource,
      title,
      description,
      respondentsCiting,
      respondentsAsked,
      priorityVotes,
      tagIds,
      rootCauses,
      raisedOn,
    };
  };
  return { check, problems };
}

/**
 * Checks every row and reports every problem at once, so that a file is corrected in one go.
 * Nothing here touches a database: the references come in, the rows to write go out.
 */
export function checkImportRows(rows: readonly ImportRow[], references: ImportReferences): RowsCheck {
  const checker = createRowChecker(references);
  const valid = rows.flatMap((row) => checker.check(row) ?? []);
  return checker.problems.length > 0 ? { ok: false, problems: checker.problems } : { ok: true, rows: valid };
}

/** What a row says, in a form that compares equal when an import would change nothing. */
export function contentOf(row: Omit<ValidIssueRow, 'line'>): string {
  return JSON.stringify([
    row.facilityId,
    row.roundId,
    row.source,
    row.title,
    row.description,
    row.respondentsCiting,
    row.respondentsAsked,
    row.priorityVotes,
    [...row.tagIds].sort(),
    row.rootCauses.map((cause) => `${cause.level}:${cause.category}:${cause.statement}`),
    row.raisedOn,
  ]);
}
