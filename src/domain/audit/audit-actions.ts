import { ROLE_NAMES } from '../accounts/roles.ts';
import { PERSONAL_DATA_LABELS } from '../privacy/personal-data.ts';
import {
  CLUSTER_STATUS_NAMES,
  COMMITMENT_STATUS_NAMES,
  FACILITY_KIND_NAMES,
  ISSUE_SOURCE_NAMES,
  LOCAL_ISSUE_STATUS_NAMES,
  METHOD_STEP_NAMES,
  PROGRAMME_NAMES,
  PROVINCE_NAMES,
  SECTOR_NAMES,
} from '../vocabulary.ts';

/**
 * Every action the audit trail records, in words for the audit log. recordAudit takes only these codes, so a
 * new action cannot be written without saying what it means.
 */
export const AUDIT_ACTION_WORDS = {
  'sign_in.succeeded': 'Signed in',
  'sign_in.password_accepted': 'Gave the right password and was asked for the second factor',
  'sign_in.failed': 'Tried to sign in with a wrong password',
  'sign_in.second_factor_failed': 'Gave a wrong second-factor code',
  'sign_in.throttled': 'Was stopped from signing in after too many attempts',
  'sign_in.refused_deactivated': 'Tried to sign in to a deactivated account',
  sign_out: 'Signed out',
  'sign_out.everywhere': 'Signed out on every device',
  'password.changed': 'Changed their password',
  'password.confirmation_failed': 'Gave a wrong password when asked to confirm it',
  'password.reset': 'Set a new password through a reset link',
  'password_reset.requested': 'Asked for a password-reset link',
  'password_reset.throttled': 'Was refused a password-reset link after too many requests',
  'two_factor.enabled': 'Turned on two-factor sign-in',
  'two_factor.disabled': 'Turned off two-factor sign-in',
  'two_factor.recovery_codes_renewed': 'Made new two-factor recovery codes',
  'digest.turned_on': 'Turned on the daily digest mail',
  'digest.turned_off': 'Turned off the daily digest mail',
  'user.created': 'Created the account',
  'user.invited': 'Invited a person to an account',
  'user.access_changed': "Changed the account's role or facilities",
  'user.deactivated': 'Deactivated the account',
  'user.reactivated': 'Reactivated the account',
  'permission.denied': 'Was refused something their role may not do',
  'department.created': 'Added the department',
  'department.edited': 'Edited the department',
  'facility.created': 'Added the facility',
  'facility.edited': 'Edited the facility',
  'facility.archived': 'Archived the facility',
  'facility.restored': 'Restored the facility',
  'monitoring_round.created': 'Recorded the monitoring round',
  'monitoring_round.edited': 'Edited the monitoring round',
  'local_issue.created': 'Recorded the local issue',
  'local_issue.edited': 'Edited the local issue',
  'local_issue.status_changed': "Changed the local issue's status",
  'local_issue.archived': 'Archived the local issue',
  'local_issue.restored': 'Restored the local issue',
  'local_issue.retagged': 'Re-tagged the local issue when its tag was merged into another',
  'local_issue.personal_data_kept': 'Kept the local issue’s text as it is after a personal-data review',
  'local_issue.personal_data_redacted': 'Removed personal data from the local issue',
  'public_text.published': 'Cleared a flagged text for publication as written',
  'public_text.redacted': 'Cleared a flagged text for publication with its personal data removed',
  'commitment.added': 'Added the commitment to the charter',
  'commitment.edited': 'Edited the commitment',
  'commitment.progress': 'Reported progress on the commitment',
  'import.succeeded': 'Imported local issues',
  'import.rollback_requested': 'Asked for the import to be rolled back',
  'import.rolled_back': 'Rolled back the import',
  'tag.created': 'Added the tag',
  'tag.renamed': 'Renamed the tag',
  'tag.moved': 'Moved the tag in the taxonomy',
  'tag.routing_changed': "Changed the tag's routing hint",
  'tag.synonym_added': 'Added a synonym to the tag',
  'tag.synonym_removed': 'Removed a synonym from the tag',
  'tag.merged': 'Merged the tag into another',
  'tag.merged_in': 'Merged another tag into this one',
  'cluster_run.queued': 'Asked for the issues to be clustered again',
  'cluster_run.succeeded': 'Clustered the issues',
  'cluster.confirmed': 'Confirmed the cluster as one problem',
  'cluster.dismissed': 'Dismissed the cluster',
  'cluster.renamed': 'Renamed the cluster',
  'cluster.merged': 'Merged the cluster into another',
  'cluster.merged_in': 'Merged another cluster into this one',
  'cluster.split': 'Split issues off the cluster into a new one',
  'cluster.issue_moved': 'Moved an issue from the cluster to another',
  'cluster.issue_moved_in': 'Moved an issue into the cluster',
  'cluster.moved_to_theme': 'Moved the problem to another theme',
  'theme.renamed': 'Renamed the theme',
  'theme.problem_moved_in': 'Moved a problem into the theme',
  'theme.problem_moved_out': 'Moved a problem out of the theme',
  'escalation_rule.changed': 'Changed the escalation rule',
  'cluster.escalated': 'Escalated the cluster as a systemic case',
  'cluster.released': 'Released the cluster when its systemic case was withdrawn',
  'local_issue.escalated': 'Escalated the local issue in a systemic case',
  'local_issue.released': 'Reopened the local issue when its systemic case was withdrawn',
  'case_deadlines.changed': 'Changed the case deadlines or declared holidays',
  seeded: 'Filled the database with the starting data',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_WORDS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_WORDS) as AuditAction[];

/** One event of a history as pages show it (AuditEvents.astro). */
export interface AuditEventView {
  id: string;
  action: AuditAction;
  actorId: string | null;
  actorLabel: string;
  createdAt: Date;
  changes: unknown;
}

export function isAuditAction(code: string): code is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_WORDS, code);
}

/** The part of an action's code before the dot: what it is about, for grouping the filter. */
export function auditActionGroup(action: string): string {
  return action.split('.')[0] ?? action;
}

/** The groups of actions (a code's part before the dot) in words, in the order the filter offers them. */
export const AUDIT_ACTION_GROUP_NAMES: Record<string, string> = {
  sign_in: 'Signing in',
  sign_out: 'Signing out',
  password: 'Passwords',
  password_reset: 'Password resets',
  two_factor: 'Two-factor sign-in',
  digest: 'Daily digest mails',
  user: 'Accounts',
  permission: 'Refusals',
  department: 'Departments',
  facility: 'Facilities',
  monitoring_round: 'Monitoring rounds',
  local_issue: 'Local issues',
  public_text: 'Texts before publication',
  commitment: 'Charter commitments',
  import: 'Imports',
  tag: 'Taxonomy',
  cluster_run: 'Clustering runs',
  cluster: 'Clusters',
  theme: 'Themes of clusters',
  escalation_rule: 'Escalation rule',
  case_deadlines: 'Case deadlines',
  seeded: 'Starting data',
};

/** The filter's choices: each group with its actions in words. */
export function auditActionChoices(): { group: string; label: string; actions: { value: string; label: string }[] }[] {
  return Object.entries(AUDIT_ACTION_GROUP_NAMES).map(([group, label]) => ({
    group,
    label,
    actions: AUDIT_ACTIONS.filter((action) => auditActionGroup(action) === group).map((action) => ({
      value: action,
      label: AUDIT_ACTION_WORDS[action],
    })),
  }));
}

/** What an audit event is about (its entity type) in words, for the "About" filter. */
export const AUDIT_ENTITY_NAMES: Record<string, string> = {
  user: 'An account',
  local_issue: 'A local issue',
  public_text: 'A text before publication',
  commitment: 'A charter commitment',
  facility: 'A facility',
  monitoring_round: 'A monitoring round',
  department: 'A department',
  tag: 'A tag',
  import_run: 'An import',
  cluster: 'A cluster',
  cluster_run: 'A clustering run',
  theme: 'A theme of clusters',
  escalation_rule: 'The escalation rule',
  case_deadlines: 'The case deadlines',
  page: 'A page',
  procedure: 'An action',
  database: 'The database',
};

type Note = Record<string, unknown>;

const asNote = (changes: unknown): Note =>
  changes !== null && typeof changes === 'object' && !Array.isArray(changes) ? (changes as Note) : {};

/**
 * One audit event as a sentence: the action's words, with the move it made where that says more. It takes only
 * the registry's codes: a history reads its events through a query that keeps to them, so none goes unworded.
 */
export function describeAuditAction(action: AuditAction, changes: unknown): string {
  const note = asNote(changes);
  const words = AUDIT_ACTION_WORDS[action];
  const move = (names: Record<string, string>) =>
    typeof note.from === 'string' && typeof note.to === 'string' && note.from !== note.to
      ? ` from ${names[note.from] ?? note.from} to ${names[note.to] ?? note.to}`
      : '';
  switch (action) {
    case 'local_issue.status_changed':
      return `${words}${move(LOCAL_ISSUE_STATUS_NAMES)}`;
    case 'commitment.progress': {
      const moved = move(COMMITMENT_STATUS_NAMES);
      return moved ? `${words} and moved it${moved}` : words;
    }
    default:
      return words;
  }
}

/** A field of an event's details: "Status: Open → Resolved" (with `from`), or "Reason: duplicate". */
export interface AuditDetail {
  label: string;
  from?: string;
  /** The page of the record `from` names, when it names one. */
  fromHref?: string;
  value: string;
  /** The page of the record `value` names, when it names one. */
  href?: string;
}

/** A record an event mentions (by id, or a tag by its slug), by its name and its page. */
export interface AuditRecord {
  name: string;
  href?: string;
}

/** The records a page of events mentions, by the id (or slug) the events hold. */
export type AuditRecordOf = (key: string) => AuditRecord | undefined;

/** The names of the keys the audit trail writes in `changes`, for the details list. */
const KEY_NAMES: Record<string, string> = {
  email: 'E-mail',
  address: 'Network address',
  method: 'How',
  reason: 'Reason',
  note: 'Note',
  code: 'Refusal',
  kind: 'Kind',
  role: 'Role',
  departmentId: 'Department',
  facilityId: 'Facility',
  facilityIds: 'Facilities',
  localIssueId: 'Local issue',
  isDemo: 'Demonstration account',
  otherLinksEnded: 'Other reset links ended',
  kinds: 'Kinds of personal data',
  copiesRewritten: 'Copies rewritten',
  fileName: 'File',
  source: 'Source',
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  removed: 'Removed',
  restored: 'Restored',
  issues: 'Issues',
  clusters: 'Clusters',
  members: 'Issues pinned',
  moved: 'Issues moved',
  term: 'Synonym',
  into: 'Into',
  reTagged: 'Issues re-tagged',
  on: 'On',
  step: 'Step',
  title: 'Title',
  name: 'Name',
  commitment: 'Commitment',
  responsibleParty: 'Responsible',
  dueOn: 'Due',
  status: 'Status',
  province: 'Province',
  sector: 'Sector',
  wave: 'Wave',
  startedOn: 'Started',
  currentStep: 'Step',
  from: 'Before',
  to: 'After',
};

/** Keys kept for the application's own use (stale-copy checks, the import's format), not worth a line. */
const HIDDEN_KEYS = new Set(['version', 'fields', 'source']);

/** What a key means in one action's details, where the general name above would say less or nothing. */
const ACTION_KEY_NAMES: Partial<Record<AuditAction, Record<string, string>>> = {
  'tag.merged': { into: 'Merged into' },
  'tag.merged_in': { source: 'Tag merged in' },
  'tag.moved': { viaMerge: 'While merging' },
  'cluster.merged': { into: 'Merged into' },
  'cluster.split': { newClusterId: 'New cluster' },
};

/** Values the application writes as codes (statuses, roles, provinces, ...) in words. */
const VALUE_NAMES: Record<string, string> = {
  ...PROVINCE_NAMES,
  ...SECTOR_NAMES,
  ...FACILITY_KIND_NAMES,
  ...PROGRAMME_NAMES,
  ...METHOD_STEP_NAMES,
  ...ISSUE_SOURCE_NAMES,
  ...CLUSTER_STATUS_NAMES,
  ...COMMITMENT_STATUS_NAMES,
  ...LOCAL_ISSUE_STATUS_NAMES,
  ...ROLE_NAMES,
  ...PERSONAL_DATA_LABELS,
  FORBIDDEN: 'not allowed for their role',
  UNAUTHORIZED: 'not signed in',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A calendar date, as typed or as stored (midnight UTC). */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:T00:00:00(?:\.000)?Z)?$/;
const longDay = new Intl.DateTimeFormat('en-ZA', { dateStyle: 'long', timeZone: 'UTC' });

/** "dueOn" → "Due on", for a key the list above does not name. */
const keyWords = (key: string) => {
  const spaced = key
    .replaceAll('_', ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

/**
 * A value in words: the name of a record the caller knows (`recordOf`, by id or a tag's slug), words for codes,
 * lists joined, a record by its name. Returns undefined for what has no words (an id nobody knows), which the
 * details leave out.
 */
function valueWords(value: unknown, recordOf: AuditRecordOf): string | undefined {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const record = recordOf(value);
    if (record) return record.name;
    if (UUID.test(value)) return undefined;
    const day = ISO_DATE.exec(value)?.[1];
    if (day) return longDay.format(new Date(`${day}T00:00:00Z`));
    return VALUE_NAMES[value] ?? value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    const words = value.map((item) => valueWords(item, recordOf));
    return words.every((word) => word !== undefined) ? words.join(', ') : `${value.length}`;
  }
  if (typeof value === 'object') {
    const record = value as Note;
    if (typeof record.id === 'string' && recordOf(record.id)) return recordOf(record.id)?.name;
    if (typeof record.name === 'string') return record.name;
    if (typeof record.to === 'string') return valueWords(record.to, recordOf);
    const parts = Object.entries(record).flatMap(([key, inner]) => {
      const words = valueWords(inner, recordOf);
      return words === undefined ? [] : [`${KEY_NAMES[key] ?? keyWords(key)} ${words}`];
    });
    return parts.join(', ') || undefined;
  }
  return undefined;
}

/** The page of the one record a value names (an id, a slug, or a record with an id), if it has one. */
function valueHref(value: unknown, recordOf: AuditRecordOf): string | undefined {
  if (typeof value === 'string') return recordOf(value)?.href;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { id, slug } = value as Note;
    if (typeof id === 'string') return recordOf(id)?.href;
    if (typeof slug === 'string') return recordOf(slug)?.href;
  }
  return undefined;
}

const cluster = { from: 'From cluster', to: 'To cluster', both: 'Cluster' };
/** What a bare `from`/`to` of an action names (a status, a name, another cluster). */
const MOVE_LABELS: Partial<Record<AuditAction, { from: string; to: string; both: string }>> = {
  'local_issue.status_changed': { from: 'Status before', to: 'Status', both: 'Status' },
  'commitment.progress': { from: 'Status before', to: 'Status', both: 'Status' },
  'local_issue.retagged': { from: 'Tag before', to: 'Tag', both: 'Tag' },
  'cluster.renamed': { from: 'Name before', to: 'Name', both: 'Name' },
  'cluster.merged_in': cluster,
  'cluster.issue_moved': cluster,
  'cluster.issue_moved_in': cluster,
  'cluster.moved_to_theme': { from: 'From theme', to: 'To theme', both: 'Theme' },
  'theme.renamed': { from: 'Name before', to: 'Name', both: 'Name' },
  'theme.problem_moved_in': { from: 'From theme', to: 'To theme', both: 'Theme' },
  'theme.problem_moved_out': { from: 'From theme', to: 'To theme', both: 'Theme' },
  'tag.moved': { from: 'Under before', to: 'Under', both: 'Under' },
  'tag.routing_changed': { from: 'Routing hint before', to: 'Routing hint', both: 'Routing hint' },
};

const noRecords: AuditRecordOf = () => undefined;

/**
 * An event's `changes` as a readable list, never JSON: an edit's fields as "Field: old → new", a move from one
 * value to another likewise, every other fact as "Name: value". `recordOf` names (and links) the records the
 * changes mention by id, or a tag by its slug.
 */
export function auditDetails(
  action: AuditAction,
  changes: unknown,
  recordOf: AuditRecordOf = noRecords,
): AuditDetail[] {
  const note = asNote(changes);
  const details: AuditDetail[] = [];
  const push = (label: string, value: unknown, from?: unknown) => {
    const now = valueWords(value, recordOf);
    if (now === undefined) return;
    const before = from === undefined ? undefined : valueWords(from, recordOf);
    const href = valueHref(value, recordOf);
    const fromHref = from === undefined ? undefined : valueHref(from, recordOf);
    details.push({
      label,
      ...(before === undefined ? {} : { from: before }),
      ...(fromHref && before !== undefined ? { fromHref } : {}),
      value: now,
      ...(href ? { href } : {}),
    });
  };
  const from = note.from;
  const to = note.to;
  const isRecord = (value: unknown): value is Note =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isRecord(from) && isRecord(to)) {
    // An edit: `fields` names the changed keys in the order of `from`'s keys (editNote, local issue edits).
    const names = Array.isArray(note.fields) ? (note.fields as unknown[]) : [];
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    keys.forEach((key, index) => {
      if (JSON.stringify(from[key]) === JSON.stringify(to[key])) return;
      const label = typeof names[index] === 'string' ? (names[index] as string) : (KEY_NAMES[key] ?? keyWords(key));
      push(label.charAt(0).toUpperCase() + label.slice(1), to[key], from[key]);
    });
  } else {
    const label = MOVE_LABELS[action] ?? { from: 'From', to: 'To', both: 'Change' };
    if (from !== undefined && to !== undefined) push(label.both, to, from);
    else if (from !== undefined) push(label.from, from);
    else if (to !== undefined) push(label.to, to);
  }
  if (Array.isArray(note.fields) && from === undefined) push('Changed', note.fields);
  const ownNames = ACTION_KEY_NAMES[action] ?? {};
  for (const [key, value] of Object.entries(note)) {
    const ownName = ownNames[key];
    if (key === 'from' || key === 'to' || (HIDDEN_KEYS.has(key) && !ownName)) continue;
    push(ownName ?? KEY_NAMES[key] ?? keyWords(key), value);
  }
  return details;
}

/** A detail as one line: "Status: Open → Resolved". */
export function auditDetailLine(detail: AuditDetail): string {
  return detail.from === undefined
    ? `${detail.label}: ${detail.value}`
    : `${detail.label}: ${detail.from} → ${detail.value}`;
}
