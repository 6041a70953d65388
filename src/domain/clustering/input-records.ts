import { SECTOR_OF_KIND } from '../capture/facility-rules.ts';
import type { FacilityKind } from '../vocabulary.ts';
import type { ClusterRecord } from './features.ts';
import type { SpreadMember } from './spread.ts';

/**
 * One record of a file given to the clustering command line, as JSON lines or CSV: an `id` and some text
 * (`title`, `description` or `text`), and optionally `tags`, `facility`, `province`, `facilityType`,
 * `rootCauses` and `raisedOn`. The import format's column names (docs/IMPORT-FORMAT.md) are read too.
 */
export interface InputRecord {
  /** The id as given, with its JSON type, for the output. */
  id: string | number;
  record: ClusterRecord;
  spread: SpreadMember;
}

export type InputParse = { ok: true; value: InputRecord } | { ok: false; problem: string };

/** Tag words as written -> the tag they mean (a synonym counts as its tag); unknown words stay as they are. */
export type ResolveTag = (word: string) => string;

const first = (raw: Record<string, unknown>, names: readonly string[]): unknown =>
  names.map((name) => raw[name]).find((value) => value !== undefined && value !== null && value !== '');

function textOf(value: unknown, field: string): string | { problem: string } {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return { problem: `"${field}" must be text` };
}

/** A list given as a JSON array or as text separated by "|" (the import format) or ",". */
function listOf(value: unknown, field: string): string[] | { problem: string } {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string')) return value.map((item) => item.trim()).filter(Boolean);
    return { problem: `"${field}" must be a list of text` };
  }
  if (typeof value === 'string')
    return value
      .split(value.includes('|') ? '|' : ',')
      .map((item) => item.trim())
      .filter(Boolean);
  return { problem: `"${field}" must be a list or text` };
}

interface Cause {
  level: string;
  category: string;
  statement: string;
}

/** Root causes as objects `{ level, category, statement }`, or as `level:category:statement` text. */
function causesOf(value: unknown): Cause[] | { problem: string } {
  const fromText = (text: string): Cause => {
    const [level = '', category = '', ...rest] = text.split(':');
    return rest.length > 0
      ? { level: level.trim(), category: category.trim(), statement: rest.join(':').trim() }
      : { level: '', category: '', statement: text.trim() };
  };
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string')
    return value
      .split('|')
      .filter((part) => part.trim())
      .map(fromText);
  if (!Array.isArray(value)) return { problem: '"rootCauses" must be a list' };
  const causes: Cause[] = [];
  for (const item of value) {
    if (typeof item === 'string') causes.push(fromText(item));
    else if (typeof item === 'object' && item !== null) {
      const { level, category, statement } = item as Record<string, unknown>;
      causes.push({
        level: typeof level === 'string' ? level : '',
        category: typeof category === 'string' ? category : '',
        statement: typeof statement === 'string' ? statement : '',
      });
    } else return { problem: '"rootCauses" must hold objects or text' };
  }
  return causes;
}

function sectorOf(kind: string | null): string | null {
  if (kind === null) return null;
  return Object.hasOwn(SECTOR_OF_KIND, kind) ? (SECTOR_OF_KIND[kind as FacilityKind] ?? kind) : kind;
}

const isProblem = (value: unknown): value is { problem: string } =>
  typeof value === 'object' && value !== null && 'problem' in value;

/** Reads one record; `key` must be unique and stable (the command line makes it from the id and the line). */
export function parseInputRecord(raw: unknown, key: string, resolveTag: ResolveTag): InputParse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: 'expected a JSON object with an "id" and some text' };
  }
  const fields = raw as Record<string, unknown>;
  const id = first(fields, ['id', 'external_ref']);
  if (typeof id !== 'string' && typeof id !== 'number') {
    return { ok: false, problem: '"id" is required: a string or a number' };
  }
  const title = textOf(first(fields, ['title']), 'title');
  const description = textOf(first(fields, ['description']), 'description');
  const text = textOf(first(fields, ['text', 'body']), 'text');
  const tags = listOf(first(fields, ['tags']), 'tags');
  const causes = causesOf(first(fields, ['rootCauses', 'root_causes', 'rootcauses']));
  for (const value of [title, description, text, tags, causes]) if (isProblem(value)) return { ok: false, ...value };
  const facility = first(fields, ['facility', 'facility_code']);
  const province = first(fields, ['province']);
  const facilityType = first(fields, ['facilityType', 'facility_type', 'facilitytype']);
  const raisedOn = first(fields, ['raisedOn', 'raised_on', 'raisedon']);
  const asText = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const causeList = causes as Cause[];
  return {
    ok: true,
    value: {
      id,
      record: {
        key,
        title: title as string,
        description: [description, text].filter(Boolean).join('\n\n'),
        rootCauseStatements: causeList.map((cause) => cause.statement).filter(Boolean),
        tags: (tags as string[]).map(resolveTag),
        rootCauseCategories: causeList.map((cause) => cause.category).filter(Boolean),
        rootCauseLevels: causeList.map((cause) => cause.level).filter(Boolean),
      },
      spread: {
        facility: asText(facility),
        province: asText(province),
        // A facility's kind tells its sector (a clinic is health); an unknown kind counts as its own.
        sector: sectorOf(asText(facilityType)),
        raisedOn: typeof raisedOn === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raisedOn) ? raisedOn.slice(0, 10) : null,
        rootCauseLevels: causeList.map((cause) => cause.level),
      },
    },
  };
}
