import { hasPersonalData } from '../privacy/personal-data.ts';
import type { LocalIssueStatus } from '../vocabulary.ts';

/**
 * Where a local issue may go from each status by an edit. `escalated` is reached only through a
 * systemic case (DESIGN.md §1), and an escalated issue follows its case, so neither is listed here.
 */
const NEXT_STATUSES: Record<LocalIssueStatus, readonly LocalIssueStatus[]> = {
  open: ['addressed_locally', 'resolved', 'closed'],
  addressed_locally: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
  escalated: [],
};

export function nextStatuses(from: LocalIssueStatus): readonly LocalIssueStatus[] {
  return NEXT_STATUSES[from];
}

/** Why a status change is refused, or null when it is allowed. */
export function statusChangeRefusal(from: LocalIssueStatus, to: LocalIssueStatus): string | null {
  if (from === to) return `The issue is already ${to.replaceAll('_', ' ')}.`;
  if (to === 'escalated') return 'An issue is escalated only through a systemic case, not by changing its status.';
  if (from === 'escalated') return 'This issue is part of a systemic case; its status follows the case.';
  if (!NEXT_STATUSES[from].includes(to)) {
    return `An issue that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}.`;
  }
  return null;
}

/** The editable content of a local issue, as a save compares it. */
export interface LocalIssueContent {
  facilityId: string;
  roundId: string | null;
  title: string;
  description: string;
  source: string;
  respondentsCiting: number | null;
  respondentsAsked: number | null;
  priorityVotes: number | null;
  raisedOn: string;
  tagIds: readonly string[];
  rootCauses: readonly { level: string; category: string; statement: string }[];
}

export const CONTENT_FIELD_NAMES: Record<keyof LocalIssueContent, string> = {
  facilityId: 'facility',
  roundId: 'monitoring round',
  title: 'title',
  description: 'description',
  source: 'source',
  respondentsCiting: 'respondents citing it',
  respondentsAsked: 'respondents asked',
  priorityVotes: 'priority votes',
  raisedOn: 'date raised',
  tagIds: 'tags',
  rootCauses: 'root causes',
};

const comparable = (value: unknown): string =>
  JSON.stringify(Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...value].sort() : value);

/** The fields whose values differ, in form order; tag order does not count, root-cause order does. */
export function changedFields(before: LocalIssueContent, after: LocalIssueContent): (keyof LocalIssueContent)[] {
  return (Object.keys(CONTENT_FIELD_NAMES) as (keyof LocalIssueContent)[]).filter(
    (name) => comparable(before[name]) !== comparable(after[name]),
  );
}

/** Whether any free text of an issue is likely to hold personal data, so that it is flagged for review. */
export function mentionsPersonalData(issue: {
  title: string;
  description: string;
  rootCauses: readonly { statement: string }[];
}): boolean {
  return hasPersonalData(issue.title, issue.description, ...issue.rootCauses.map((cause) => cause.statement));
}
