import type { PublicCaseView } from '../cases/public-case.ts';
import type { DeadlineKind } from '../cases/deadlines.ts';
import { formatDay, isCalendarDate } from '../text/calendar-date.ts';
import type { CaseStatus } from '../vocabulary.ts';
import { xmlDocumentOf, type XmlValue } from './xml.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2, with its Service Discovery page and the "Update
 * History" and "Pagination" extensions) made of CBM's public data: the taxonomy's tags are the services, public
 * systemic cases the service requests. Read-only: nobody files a case through it. Every case arrives here as its
 * public view (src/domain/cases/public-case.ts), so nothing the public may not read can reach a client.
 */

export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** The Content-Type of each format, as the specification's "Format Support" gives them. */
export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export function open311FormatOf(extension: string | undefined): Open311Format | null {
  return (OPEN311_FORMATS as readonly string[]).includes(extension ?? '') ? (extension as Open311Format) : null;
}

/** The standard's default and largest answer: "first 1000 requests returned". */
export const MAX_REQUESTS = 1000;
/** "Default query limit is a span of 90 days". */
export const DEFAULT_SPAN_DAYS = 90;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------------------
// Dates: W3C date-times in South African time, which keeps UTC+2 all year.

const SOUTH_AFRICA_OFFSET = '+02:00';
const SOUTH_AFRICA_OFFSET_MS = 2 * 3_600_000;

/** A moment as GeoReport writes it, in South African time: "2016-08-10T10:00:00+02:00". */
export function w3cDateTimeOf(moment: Date): string {
  return `${new Date(moment.getTime() + SOUTH_AFRICA_OFFSET_MS).toISOString().slice(0, 19)}${SOUTH_AFRICA_OFFSET}`;
}

/** The South African calendar date of a moment (YYYY-MM-DD). */
function southAfricanDayOf(moment: Date): string {
  return new Date(moment.getTime() + SOUTH_AFRICA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A due date (stored as UTC midnight of the date it names) as the last second of that day in South Africa. */
function endOfDueDay(dueOn: Date): string {
  return `${dueOn.toISOString().slice(0, 10)}T23:59:59${SOUTH_AFRICA_OFFSET}`;
}

const W3C_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2})))?$/;

export type ParsedDate = { ok: true; date: Date } | { ok: false; problem: string };

/**
 * A start_date or end_date: a W3C date-time with its time zone (2016-01-01T00:00:00Z, ...T00:00:00+02:00), or a
 * date alone, which means that whole day in South Africa (from its first moment for a start, to its last for an
 * end). A "+" a client forgot to encode arrives as a space, and is read as the "+" it was.
 */
export function parseW3cDate(text: string, edge: 'start' | 'end'): ParsedDate {
  const written = text.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const match = W3C_DATE_TIME.exec(written);
  if (!match) {
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(written)
      ? { ok: false, problem: 'needs a time zone, Z or +02:00 (e.g. 2016-08-01T00:00:00+02:00)' }
      : { ok: false, problem: 'is not a date and time in W3C format (e.g. 2016-08-01T00:00:00+02:00, or 2016-08-01)' };
  }
  const [, day, hours, minutes, seconds, , zone, zoneHours, zoneMinutes] = match;
  const outOfRange =
    !isCalendarDate(day!) ||
    Number(hours ?? 0) > 23 ||
    Number(minutes ?? 0) > 59 ||
    Number(seconds ?? 0) > 59 ||
    Number(zoneHours ?? 0) > 14 ||
    Number(zoneMinutes ?? 0) > 59;
  if (outOfRange) return { ok: false, problem: 'is not a date and time that exists' };
  const moment = zone ? written : `${day}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}${SOUTH_AFRICA_OFFSET}`;
  return { ok: true, date: new Date(moment) };
}

// ---------------------------------------------------------------------------------------------------------------
// Status: the standard knows only "open" (reported) and "closed" (resolved).

export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/**
 * The case states that are finished. A declined case is open: the problem is not resolved, and DPME decides
 * whether to escalate it again (to another department) or close it, which then closes the request.
 */
const CLOSED_CASE_STATUSES: readonly CaseStatus[] = ['verified', 'closed', 'closed_not_fixed', 'withdrawn'];

export function open311StatusOf(status: CaseStatus): Open311Status {
  return CLOSED_CASE_STATUSES.includes(status) ? 'closed' : 'open';
}

/** The case states a status filter stands for (never a draft: a draft is nobody's case yet). */
export function caseStatusesOf(status: Open311Status, all: readonly CaseStatus[]): CaseStatus[] {
  return all.filter((candidate) => candidate !== 'draft' && open311StatusOf(candidate) === status);
}

// ---------------------------------------------------------------------------------------------------------------
// The documents.

export interface Open311Error {
  /** The HTTP status, as the specification advises. */
  code: number;
  description: string;
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: false;
  type: 'realtime';
  keywords: string | null;
  group: string | null;
}

export interface Open311Note {
  datetime: string;
  summary: string;
  description: string | null;
  type: string;
}

/** A service request in the specification's element order; address_id, zipcode, lat, long and media_url omitted. */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string | null;
  service_code: string | null;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  /** The "Update History" extension: the public timeline, oldest first. */
  notes: Open311Note[];
}

export interface Open311Discovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: 'production';
    formats: string[];
  }[];
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: never[];
}

/** Each answer by the element XML wraps it in; lists name their items' elements in OPEN311_LIST_ITEMS. */
export type Open311Document =
  | { root: 'discovery'; value: Open311Discovery }
  | { root: 'services'; value: Open311Service[] }
  | { root: 'service_definition'; value: Open311ServiceDefinition }
  | { root: 'service_requests'; value: Open311Request[] }
  | { root: 'errors'; value: Open311Error[] };

/** Each list of GeoReport v2 and the element of its items, as the specification's examples name them. */
export const OPEN311_LIST_ITEMS: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  notes: 'note',
};

/** The answer's body in the format asked for: the JSON is the XML mapped by the Spark convention. */
export function serialiseOpen311(document: Open311Document, format: Open311Format): string {
  if (format === 'json') return JSON.stringify(document.value);
  return xmlDocumentOf(document.root, document.value as unknown as XmlValue, OPEN311_LIST_ITEMS);
}

export function open311ErrorsOf(code: number, descriptions: readonly string[]): Open311Document {
  return { root: 'errors', value: descriptions.map((description) => ({ code, description })) };
}

/** A tag as a service: its slug is the code, its synonyms the keywords, its parent the group. */
export function open311ServiceOf(tag: {
  slug: string;
  name: string;
  description: string;
  synonyms: readonly string[];
  parentName: string | null;
}): Open311Service {
  return {
    service_code: tag.slug,
    service_name: tag.name,
    description: tag.description.trim() || null,
    metadata: false,
    type: 'realtime',
    keywords: tag.synonyms.length > 0 ? [...tag.synonyms].sort().join(', ') : null,
    group: tag.parentName,
  };
}

export function open311ServiceDefinitionOf(serviceCode: string): Open311ServiceDefinition {
  // metadata is false for every service: a definition asks for nothing more.
  return { service_code: serviceCode, attributes: [] };
}

export function open311DiscoveryOf(input: { endpointUrl: string; changedAt: Date; contact: string }): Open311Discovery {
  const changeset = w3cDateTimeOf(input.changedAt);
  return {
    changeset,
    contact: input.contact,
    key_service: 'No key is needed: this endpoint only answers GET requests, and it answers everyone.',
    endpoints: [
      {
        specification: GEOREPORT_V2,
        url: input.endpointUrl,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/** What each deadline asks of the department, to finish "… is to <this> by <date>". */
const DEADLINE_ASKS: Record<DeadlineKind, string> = {
  acknowledge: 'acknowledge the case',
  decide: 'accept, decline or transfer the case',
  plan: 'confirm a response plan',
};

/** The specification's limit on a description. */
const DESCRIPTION_LIMIT = 4000;

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The finer state, and the last decision with its reason: "Declined. Last decision on 20 March 2016: …". */
function statusNotesOf(view: PublicCaseView): string {
  const last = view.decisions.at(-1);
  if (!last) return sentence(view.statusName);
  const what = `${lowerFirst(last.what)}${last.transferTo ? ` to ${last.transferTo.name}` : ''} (${last.by})`;
  const decision = `Last decision on ${formatDay(southAfricanDayOf(last.at))}: ${what}`;
  return `${sentence(view.statusName)} ${sentence(last.reason ? `${decision}: ${last.reason}` : decision)}`;
}

/** The next deadline in words: the department's running one, or else the next step of the response plan. */
function serviceNoticeOf(view: PublicCaseView): string | null {
  const running = view.deadlines.find((deadline) => deadline.endedOn === null);
  if (running) {
    const department = (running.department ?? view.owningDepartment)?.name ?? 'The department';
    const ask = DEADLINE_ASKS[running.kind] ?? running.name.toLowerCase();
    if (running.outcome === 'paused') return `The deadline to ${ask} is paused while ${department} waits for DPME.`;
    const due = formatDay(running.dueOn.toISOString().slice(0, 10));
    const moved = running.dueOn.getTime() !== running.originalDueOn.getTime();
    const extended = moved ? `, extended from ${formatDay(running.originalDueOn.toISOString().slice(0, 10))}` : '';
    if (running.outcome === 'overdue') return `${department} was to ${ask} by ${due}${extended}, and has not yet.`;
    return `${department} is to ${ask} by ${due}${extended}.`;
  }
  const next = view.responsePlan
    .filter((action) => action.status === 'planned' || action.status === 'in_progress')
    .sort((a, b) => a.dueOn.getTime() - b.dueOn.getTime())[0];
  if (!next) return null;
  return `Next in the response plan, due ${formatDay(next.dueOn.toISOString().slice(0, 10))}: ${sentence(next.action)}`;
}

/** Where the problem is felt, most specific first as the specification asks: districts, then their province. */
function addressOf(view: PublicCaseView): string | null {
  const places = view.spread.provinces.map((province) => [...province.districts, province.name].join(', '));
  return places.length > 0 ? places.join('; ') : null;
}

function descriptionOf(view: PublicCaseView): string {
  const text = view.title === view.problemStatement ? view.title : `${view.title}\n\n${view.problemStatement}`;
  return text.length <= DESCRIPTION_LIMIT ? text : `${text.slice(0, DESCRIPTION_LIMIT - 1)}…`;
}

function notesOf(view: PublicCaseView): Open311Note[] {
  return view.timeline.map((event) => {
    const towards = event.transferTo ? ` to ${event.transferTo.name}` : '';
    const details = [event.reason, event.evidenceUrl ? `Evidence: ${event.evidenceUrl}` : null].filter(Boolean);
    return {
      datetime: w3cDateTimeOf(event.at),
      summary: `${event.what}${towards} (${event.by})`,
      description: details.length > 0 ? details.join('\n') : null,
      type: event.kind,
    };
  });
}

/**
 * A public case as a service request. `service` is the live tag its primary tag leads to (a merged tag leads to
 * the tag it was merged into), or null for a case without one.
 */
export function open311RequestOf(view: PublicCaseView, service: { code: string; name: string } | null): Open311Request {
  const running = view.deadlines.find((deadline) => deadline.endedOn === null && deadline.outcome !== 'paused');
  return {
    service_request_id: view.reference,
    status: open311StatusOf(view.status),
    status_notes: statusNotesOf(view),
    service_name: service?.name ?? null,
    service_code: service?.code ?? null,
    description: descriptionOf(view),
    agency_responsible: view.owningDepartment?.name ?? null,
    service_notice: serviceNoticeOf(view),
    requested_datetime: w3cDateTimeOf(view.escalatedAt),
    updated_datetime: w3cDateTimeOf(view.changedAt),
    expected_datetime: running ? endOfDueDay(running.dueOn) : null,
    address: addressOf(view),
    notes: notesOf(view),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// GET requests' arguments.

export type RequestsFilter =
  | { kind: 'ids'; references: string[] }
  | {
      kind: 'search';
      serviceCodes: string[];
      statuses: Open311Status[];
      from: Date;
      /** Null: up to now. */
      to: Date | null;
    };

export interface RequestsQuery {
  filter: RequestsFilter;
  page: number;
  pageSize: number;
}

export type ParsedRequestsQuery = { ok: true; query: RequestsQuery } | { ok: false; problems: string[] };

const CASE_REFERENCE = /^SC-\d{4}-\d{4,}$/;

/** A list argument: declared once comma-delimited, or several times; an empty one counts as not declared. */
function listArgument(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

function wholeNumberArgument(
  params: URLSearchParams,
  name: string,
  { fallback, max }: { fallback: number; max: number },
  problems: string[],
): number {
  const written = params.get(name)?.trim() ?? '';
  if (written === '') return fallback;
  const value = /^\d{1,9}$/.test(written) ? Number(written) : NaN;
  if (!(value >= 1 && value <= max)) {
    problems.push(`${name}: "${written}" is not a whole number from 1 to ${max}.`);
    return fallback;
  }
  return value;
}

/**
 * The arguments of GET requests, as the specification defines them: service_request_id (comma-delimited; it
 * overrides all the others), service_code, status, start_date and end_date (by requested_datetime; the last 90
 * days when neither is given), with page and page_size as the Pagination extension has them (1,000 a page at most,
 * the standard's limit). Each problem names its argument and says what is wrong.
 */
export function parseRequestsQuery(params: URLSearchParams, now: Date): ParsedRequestsQuery {
  const problems: string[] = [];
  const page = wholeNumberArgument(params, 'page', { fallback: 1, max: 1_000_000 }, problems);
  const pageSize = wholeNumberArgument(params, 'page_size', { fallback: MAX_REQUESTS, max: MAX_REQUESTS }, problems);

  const ids = listArgument(params, 'service_request_id');
  if (ids.length > 0) {
    const references = [...new Set(ids.map((id) => id.toUpperCase()))];
    for (const id of ids.filter((written) => !CASE_REFERENCE.test(written.toUpperCase()))) {
      problems.push(`service_request_id: "${id}" is not a case reference such as SC-2016-0001.`);
    }
    if (references.length > MAX_REQUESTS) {
      problems.push(`service_request_id: ask for at most ${MAX_REQUESTS} requests at once.`);
    }
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, query: { filter: { kind: 'ids', references }, page, pageSize } };
  }

  const statuses: Open311Status[] = [];
  for (const status of listArgument(params, 'status')) {
    const known = OPEN311_STATUSES.find((candidate) => candidate === status.toLowerCase());
    if (known) statuses.push(known);
    else problems.push(`status: "${status}" is not a status; use open or closed.`);
  }

  const dateArgument = (name: 'start_date' | 'end_date') => {
    const written = params.get(name)?.trim() ?? '';
    if (written === '') return null;
    const parsed = parseW3cDate(written, name === 'start_date' ? 'start' : 'end');
    if (parsed.ok) return parsed.date;
    problems.push(`${name}: "${written}" ${parsed.problem}.`);
    return undefined;
  };
  const start = dateArgument('start_date');
  const end = dateArgument('end_date');
  if (start && end && start > end) problems.push('start_date: it is after end_date; give the earlier date first.');
  if (problems.length > 0) return { ok: false, problems };

  // Without a start, the span is the 90 days before the end (or before now).
  const from = start ?? new Date((end ?? now).getTime() - DEFAULT_SPAN_DAYS * DAY_MS);
  const filter: RequestsFilter = {
    kind: 'search',
    serviceCodes: [...new Set(listArgument(params, 'service_code'))],
    statuses: [...new Set(statuses)],
    from,
    to: end ?? null,
  };
  return { ok: true, query: { filter, page, pageSize } };
}
