import { formatDay } from '../text/calendar-date.ts';
import { followUpProblem, type FollowUpStanding } from './follow-up.ts';
import { CASE_STATUS_NAMES, CASE_STATUSES, type CaseStatus } from '../vocabulary.ts';

/**
 * The one table of a systemic case's workflow: where each move goes, who may make it, what it needs and
 * what it does to the deadline clock. The case page's buttons, the service's refusals and
 * docs/CASE-WORKFLOW.md (written from this table by `npm run docs:workflow`) all read it.
 */

/** Who makes a move: a DPME CBM analyst, or an official of the department that owns the case now. */
export type Mover = 'analyst' | 'official';

/** What a move needs besides being allowed. */
export type Requirement =
  | 'reason'
  | 'target_department'
  | 'evidence'
  | 'response_action'
  | 'actions_finished'
  | 'new_due_date'
  | 'follow_up_findings';

/** What a move does to the deadline clock. */
export type ClockEffect =
  | 'starts_acknowledge'
  | 'starts_decide'
  | 'starts_plan'
  | 'stops'
  | 'restarts_acknowledge'
  | 'pauses'
  | 'resumes'
  | 'extends'
  | 'none';

export const CASE_MOVE_NAMES = [
  'escalate',
  'acknowledge',
  'accept',
  'decline',
  'transfer',
  'request_information',
  'answer_information',
  'plan_response',
  'start_work',
  'resolve',
  'reopen',
  'verify',
  'close',
  'close_not_fixed',
  'escalate_again',
  'extend_deadline',
  'withdraw',
] as const;
export type CaseMoveName = (typeof CASE_MOVE_NAMES)[number];

export interface CaseMove {
  name: CaseMoveName;
  /** The button. */
  label: string;
  /** The move as the end of "… cannot be", "Only … can": "accepted", "accept it". */
  done: string;
  from: readonly CaseStatus[];
  /** `previous`: the state the case was in when information was requested; `same`: no change of state. */
  to: CaseStatus | 'previous' | 'same';
  by: Mover;
  requires: readonly Requirement[];
  clock: ClockEffect;
  /** One sentence for the workflow page and the form beside the button. */
  explanation: string;
}

/** States in which the owning department is working on the case (and may ask DPME for information). */
const WITH_THE_DEPARTMENT: readonly CaseStatus[] = [
  'escalated',
  'acknowledged',
  'accepted',
  'response_planned',
  'in_progress',
];

/** Where the owning department must act next: the inbox's "awaiting us". */
export const WAITING_FOR_DEPARTMENT: readonly CaseStatus[] = WITH_THE_DEPARTMENT;

/** Where DPME must act next: answer a question, check a resolution, decide on a refusal. */
export const WAITING_FOR_DPME: readonly CaseStatus[] = ['information_requested', 'resolved', 'declined'];

/** States a case ends in: nothing moves it on, and its record stays as it was. */
export const FINISHED_STATES: readonly CaseStatus[] = ['verified', 'closed', 'closed_not_fixed', 'withdrawn'];

/** States an analyst may withdraw a case from: every state but a finished one. */
const UNFINISHED: readonly CaseStatus[] = CASE_STATUSES.filter((state) => !FINISHED_STATES.includes(state));

export const CASE_WORKFLOW: Readonly<Record<CaseMoveName, CaseMove>> = {
  escalate: {
    name: 'escalate',
    label: 'Escalate to the department',
    done: 'escalated',
    from: ['draft'],
    to: 'escalated',
    by: 'analyst',
    requires: [],
    clock: 'starts_acknowledge',
    explanation: 'Sends the draft to the owning department and pins the local issues it links.',
  },
  acknowledge: {
    name: 'acknowledge',
    label: 'Acknowledge',
    done: 'acknowledged',
    from: ['escalated'],
    to: 'acknowledged',
    by: 'official',
    requires: [],
    clock: 'starts_decide',
    explanation: 'Says the department has received the case and will decide whether it is theirs to fix.',
  },
  accept: {
    name: 'accept',
    label: 'Accept',
    done: 'accepted',
    from: ['acknowledged'],
    to: 'accepted',
    by: 'official',
    requires: [],
    clock: 'starts_plan',
    explanation: 'Takes on the problem; the department then plans its response.',
  },
  decline: {
    name: 'decline',
    label: 'Decline',
    done: 'declined',
    from: ['acknowledged'],
    to: 'declined',
    by: 'official',
    requires: ['reason'],
    clock: 'stops',
    explanation: 'Refuses the case with a reason; DPME may escalate it again or withdraw it.',
  },
  transfer: {
    name: 'transfer',
    label: 'Transfer to another department',
    done: 'transferred',
    from: ['escalated', 'acknowledged'],
    to: 'escalated',
    by: 'official',
    requires: ['target_department', 'reason'],
    clock: 'restarts_acknowledge',
    explanation: 'Hands the case to the department that owns the problem; it starts again there as escalated.',
  },
  request_information: {
    name: 'request_information',
    label: 'Ask DPME for information',
    done: 'sent back with a question',
    from: WITH_THE_DEPARTMENT,
    to: 'information_requested',
    by: 'official',
    requires: ['reason'],
    clock: 'pauses',
    explanation: 'Asks DPME a question; the deadline waits until DPME answers.',
  },
  answer_information: {
    name: 'answer_information',
    label: 'Answer the question',
    done: 'answered',
    from: ['information_requested'],
    to: 'previous',
    by: 'analyst',
    requires: ['reason'],
    clock: 'resumes',
    explanation: 'Answers the department; the case returns to where it was and its deadline runs again.',
  },
  plan_response: {
    name: 'plan_response',
    label: 'Confirm the response plan',
    done: 'given a response plan',
    from: ['accepted'],
    to: 'response_planned',
    by: 'official',
    requires: ['response_action'],
    clock: 'stops',
    explanation: 'Confirms the response plan; it needs at least one response action.',
  },
  start_work: {
    name: 'start_work',
    label: 'Start the work',
    done: 'started',
    from: ['response_planned'],
    to: 'in_progress',
    by: 'official',
    requires: [],
    clock: 'none',
    explanation: 'Says the department has begun the response plan.',
  },
  resolve: {
    name: 'resolve',
    label: 'Mark resolved',
    done: 'marked resolved',
    from: ['in_progress'],
    to: 'resolved',
    by: 'official',
    requires: ['evidence', 'actions_finished'],
    clock: 'none',
    explanation:
      'Says the problem is fixed, with evidence; every response action must be done or dropped first. DPME then checks.',
  },
  reopen: {
    name: 'reopen',
    label: 'Reopen',
    done: 'reopened',
    from: ['resolved'],
    to: 'in_progress',
    by: 'analyst',
    requires: ['reason'],
    clock: 'none',
    explanation: 'Sends a resolved case back to the department when the problem is not fixed yet.',
  },
  verify: {
    name: 'verify',
    label: 'Verify',
    done: 'verified',
    from: ['resolved'],
    to: 'verified',
    by: 'analyst',
    requires: ['follow_up_findings'],
    clock: 'none',
    explanation:
      'Confirms from follow-up monitoring that the problem is fixed: findings at enough of the facilities, at least half of them improved or no longer reported.',
  },
  close: {
    name: 'close',
    label: 'Close',
    done: 'closed',
    from: ['verified'],
    to: 'closed',
    by: 'analyst',
    requires: [],
    clock: 'none',
    explanation: 'Ends a verified case.',
  },
  close_not_fixed: {
    name: 'close_not_fixed',
    label: 'Close as not fixed',
    done: 'closed as not fixed',
    from: ['resolved'],
    to: 'closed_not_fixed',
    by: 'analyst',
    requires: ['reason'],
    clock: 'none',
    explanation: 'Ends a case whose problem monitoring still finds, with a reason.',
  },
  escalate_again: {
    name: 'escalate_again',
    label: 'Escalate again',
    done: 'escalated again',
    from: ['declined'],
    to: 'escalated',
    by: 'analyst',
    requires: ['reason'],
    clock: 'starts_acknowledge',
    explanation: 'Sends a declined case again, to the same or another department, with a reason.',
  },
  extend_deadline: {
    name: 'extend_deadline',
    label: 'Extend the deadline',
    done: 'given a later deadline',
    from: ['escalated', 'acknowledged', 'accepted'],
    to: 'same',
    by: 'analyst',
    requires: ['new_due_date', 'reason'],
    clock: 'extends',
    explanation: 'Moves the current deadline to a later date, with a reason; a deadline met after it counts as met.',
  },
  withdraw: {
    name: 'withdraw',
    label: 'Withdraw the case',
    done: 'withdrawn',
    from: UNFINISHED,
    to: 'withdrawn',
    by: 'analyst',
    requires: ['reason'],
    clock: 'stops',
    explanation: 'Ends a case DPME no longer pursues, with a reason; its deadline no longer counts.',
  },
};

/** How the viewer stands to a case: this decides the buttons they see. */
export type CaseRelation = 'analyst' | 'administrator' | 'owning_official' | 'supporting_official' | 'outsider';

const MAY_MOVE: Record<Mover, CaseRelation> = { analyst: 'analyst', official: 'owning_official' };

export function stateName(state: CaseStatus): string {
  return CASE_STATUS_NAMES[state].toLowerCase();
}

/** The moves the table allows from `state` to someone standing in `relation` to the case, in table order. */
export function movesFor(state: CaseStatus, relation: CaseRelation): CaseMove[] {
  return Object.values(CASE_WORKFLOW).filter((move) => move.from.includes(state) && MAY_MOVE[move.by] === relation);
}

/** Where a move leads from `state`; `resumeState` is where a case waiting for DPME returns to. */
export function stateAfter(move: CaseMove, state: CaseStatus, resumeState: CaseStatus | null): CaseStatus {
  if (move.to === 'same') return state;
  if (move.to === 'previous') return resumeState ?? 'escalated';
  return move.to;
}

/** What someone asks a move to do, as the service has read it. */
export interface MoveAttempt {
  move: CaseMoveName;
  state: CaseStatus;
  relation: CaseRelation;
  /** The owning department's name, for "Only an official of … can". */
  owningDepartmentName: string;
  reason: string;
  evidence: string;
  targetDepartmentId: string | null;
  owningDepartmentId: string;
  /** The statuses of the case's response actions. */
  actionStatuses: readonly string[];
  /** YYYY-MM-DD. */
  newDueOn: string | null;
  currentDueOn: string | null;
  /** Where the follow-up findings stand against the rule (read for a verification only). */
  followUp: FollowUpStanding | null;
}

/** A refusal: `field` names the form field to fix, absent when nothing in the form can fix it. */
export interface MoveProblem {
  field?: 'reason' | 'evidence' | 'targetDepartmentId' | 'newDueOn';
  message: string;
}

const REASON_PROMPTS: Partial<Record<CaseMoveName, string>> = {
  decline: 'Say why the department declines the case',
  transfer: 'Say why the case belongs to the other department',
  request_information: 'Write the question for DPME',
  answer_information: 'Write the answer to the department’s question',
  reopen: 'Say why the case is reopened',
  close_not_fixed: 'Say why the case is closed as not fixed',
  escalate_again: 'Say why the case is escalated again',
  extend_deadline: 'Say why the deadline is extended',
  withdraw: 'Say why the case is withdrawn',
};

const who = (move: CaseMove, attempt: MoveAttempt) =>
  move.by === 'analyst' ? 'a DPME CBM analyst' : `an official of ${attempt.owningDepartmentName}`;

/**
 * Everything that stops a move, as messages a person can act on; empty when the move may go ahead. A move
 * the state or the viewer's role rules out gives that one reason; otherwise every missing field is named.
 */
export function moveProblems(attempt: MoveAttempt): MoveProblem[] {
  const move = CASE_WORKFLOW[attempt.move];
  if (!move.from.includes(attempt.state)) {
    return [{ message: `This case is ${stateName(attempt.state)}: it cannot be ${move.done} now.` }];
  }
  if (MAY_MOVE[move.by] !== attempt.relation) {
    return [{ message: `Only ${who(move, attempt)} can do this (“${move.label}”).` }];
  }
  const problems: MoveProblem[] = [];
  for (const requirement of move.requires) {
    const problem = requirementProblem(requirement, move, attempt);
    if (problem) problems.push(problem);
  }
  return problems;
}

function requirementProblem(requirement: Requirement, move: CaseMove, attempt: MoveAttempt): MoveProblem | null {
  switch (requirement) {
    case 'reason':
      return attempt.reason.trim() === ''
        ? { field: 'reason', message: REASON_PROMPTS[move.name] ?? 'Enter a reason' }
        : null;
    case 'evidence':
      return attempt.evidence.trim() === ''
        ? { field: 'evidence', message: 'Describe the evidence that the problem is fixed' }
        : null;
    case 'target_department':
      if (!attempt.targetDepartmentId) {
        return { field: 'targetDepartmentId', message: 'Choose the department to transfer the case to' };
      }
      return attempt.targetDepartmentId === attempt.owningDepartmentId
        ? {
            field: 'targetDepartmentId',
            message: `Choose another department: the case is already with ${attempt.owningDepartmentName}`,
          }
        : null;
    case 'response_action':
      return attempt.actionStatuses.filter((status) => status !== 'dropped').length === 0
        ? { message: 'Add at least one response action before confirming the plan.' }
        : null;
    case 'actions_finished': {
      const unfinished = attempt.actionStatuses.filter((status) => status !== 'done' && status !== 'dropped').length;
      if (unfinished === 0) return null;
      const count = unfinished === 1 ? '1 response action is' : `${unfinished} response actions are`;
      return { message: `${count} neither done nor dropped: finish or drop them before marking the case resolved.` };
    }
    case 'follow_up_findings': {
      const problem = attempt.followUp ? followUpProblem(attempt.followUp) : 'Record the follow-up findings first.';
      return problem ? { message: problem } : null;
    }
    case 'new_due_date':
      if (!attempt.newDueOn) return { field: 'newDueOn', message: 'Enter the new due date' };
      if (attempt.currentDueOn && attempt.newDueOn <= attempt.currentDueOn) {
        return {
          field: 'newDueOn',
          message: `The new due date must be after the current one, ${formatDay(attempt.currentDueOn)}`,
        };
      }
      return null;
  }
}
