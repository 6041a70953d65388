import type { CaseMoveName } from './workflow.ts';

/** The kinds of case event that are not workflow moves. */
export const CASE_EVENT_KINDS = [
  'created',
  'edited',
  'commented',
  'action_added',
  'action_changed',
  'finding_recorded',
] as const;
export type CaseEventKind = CaseMoveName | (typeof CASE_EVENT_KINDS)[number];

/** Each kind of case event as the timeline says it, in the past tense. */
export const CASE_EVENT_WORDS: Record<CaseEventKind, string> = {
  created: 'Opened the case as a draft',
  escalate: 'Escalated the case',
  acknowledge: 'Acknowledged the case',
  accept: 'Accepted the case',
  decline: 'Declined the case',
  transfer: 'Transferred the case',
  request_information: 'Asked DPME for information',
  answer_information: 'Answered the department’s question',
  plan_response: 'Confirmed the response plan',
  start_work: 'Started the work',
  resolve: 'Marked the case resolved',
  reopen: 'Reopened the case',
  verify: 'Verified the case',
  close: 'Closed the case',
  close_not_fixed: 'Closed the case as not fixed',
  escalate_again: 'Escalated the case again',
  extend_deadline: 'Extended the deadline',
  withdraw: 'Withdrew the case',
  edited: 'Edited the case',
  commented: 'Commented',
  action_added: 'Added a response action',
  action_changed: 'Updated a response action',
  finding_recorded: 'Recorded a follow-up finding',
};

/** A stored kind as words; a kind this version does not know is shown as it is, never dropped. */
export function describeCaseEvent(kind: string): string {
  return (CASE_EVENT_WORDS as Record<string, string>)[kind] ?? kind.replaceAll('_', ' ');
}
