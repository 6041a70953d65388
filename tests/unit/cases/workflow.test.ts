import { describe, expect, it } from 'vitest';
import {
  CASE_MOVE_NAMES,
  CASE_WORKFLOW,
  moveProblems,
  movesFor,
  stateAfter,
  type CaseMoveName,
  type CaseRelation,
  type MoveAttempt,
} from '../../../src/domain/cases/workflow.ts';
import { followUpStanding } from '../../../src/domain/cases/follow-up.ts';
import { CASE_STATUSES, type CaseStatus } from '../../../src/domain/vocabulary.ts';

/** An attempt that meets every requirement, by the one who may make the move, from its first state. */
function validAttempt(move: CaseMoveName, overrides: Partial<MoveAttempt> = {}): MoveAttempt {
  const entry = CASE_WORKFLOW[move];
  return {
    move,
    state: entry.from[0] ?? 'draft',
    relation: entry.by === 'analyst' ? 'analyst' : 'owning_official',
    owningDepartmentName: 'South African Police Service',
    owningDepartmentId: 'saps',
    reason: 'Because the evidence says so',
    evidence: 'Turnaround report for March',
    targetDepartmentId: 'treasury',
    actionStatuses: ['done', 'dropped'],
    newDueOn: '2026-05-20',
    currentDueOn: '2026-04-20',
    followUp: followUpStanding(4, ['improved', 'no_longer_reported', 'still_reported']),
    ...overrides,
  };
}

const RELATIONS: readonly CaseRelation[] = [
  'analyst',
  'administrator',
  'owning_official',
  'supporting_official',
  'outsider',
];

describe('the case workflow table', () => {
  it.each(CASE_MOVE_NAMES)('allows %s from each of its states to the one who may make it', (move) => {
    for (const state of CASE_WORKFLOW[move].from) {
      expect(moveProblems(validAttempt(move, { state })), `${move} from ${state}`).toEqual([]);
    }
  });

  it.each(CASE_MOVE_NAMES)('refuses %s from every other state, naming the state', (move) => {
    for (const state of CASE_STATUSES.filter((s) => !CASE_WORKFLOW[move].from.includes(s))) {
      const problems = moveProblems(validAttempt(move, { state }));
      expect(problems, `${move} from ${state}`).toHaveLength(1);
      expect(problems[0]?.message).toMatch(/^This case is .+: it cannot be .+ now\.$/);
      expect(problems[0]?.field).toBeUndefined();
    }
  });

  it.each(CASE_MOVE_NAMES)('refuses %s to everyone else, saying who may make it', (move) => {
    const allowed = CASE_WORKFLOW[move].by === 'analyst' ? 'analyst' : 'owning_official';
    for (const relation of RELATIONS.filter((r) => r !== allowed)) {
      const [problem, ...rest] = moveProblems(validAttempt(move, { relation }));
      expect(rest).toEqual([]);
      expect(problem?.message).toBe(
        CASE_WORKFLOW[move].by === 'analyst'
          ? `Only a DPME CBM analyst can do this (“${CASE_WORKFLOW[move].label}”).`
          : `Only an official of South African Police Service can do this (“${CASE_WORKFLOW[move].label}”).`,
      );
    }
  });

  it.each(CASE_MOVE_NAMES.filter((move) => CASE_WORKFLOW[move].requires.includes('reason')))(
    'refuses %s without a reason, on the reason field',
    (move) => {
      const problems = moveProblems(validAttempt(move, { reason: '   ' }));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.field).toBe('reason');
      expect(problems[0]?.message.length).toBeGreaterThan(10);
    },
  );

  it('asks each reason in the words of its move', () => {
    const prompt = (move: CaseMoveName) => moveProblems(validAttempt(move, { reason: '' }))[0]?.message;
    expect(prompt('decline')).toBe('Say why the department declines the case');
    expect(prompt('request_information')).toBe('Write the question for DPME');
    expect(prompt('answer_information')).toBe('Write the answer to the department’s question');
    expect(prompt('withdraw')).toBe('Say why the case is withdrawn');
  });

  it('refuses a transfer without a department, or to the department that has it, and names every gap', () => {
    expect(moveProblems(validAttempt('transfer', { targetDepartmentId: null }))).toEqual([
      { field: 'targetDepartmentId', message: 'Choose the department to transfer the case to' },
    ]);
    expect(moveProblems(validAttempt('transfer', { targetDepartmentId: 'saps' }))).toEqual([
      {
        field: 'targetDepartmentId',
        message: 'Choose another department: the case is already with South African Police Service',
      },
    ]);
    expect(
      moveProblems(validAttempt('transfer', { targetDepartmentId: null, reason: '' })).map((p) => p.field),
    ).toEqual(['targetDepartmentId', 'reason']);
  });

  it('refuses to confirm a plan without a response action that is not dropped', () => {
    expect(moveProblems(validAttempt('plan_response', { actionStatuses: [] }))).toEqual([
      { message: 'Add at least one response action before confirming the plan.' },
    ]);
    expect(moveProblems(validAttempt('plan_response', { actionStatuses: ['dropped'] }))).toHaveLength(1);
    expect(moveProblems(validAttempt('plan_response', { actionStatuses: ['planned'] }))).toEqual([]);
  });

  it('refuses to mark resolved without evidence or while an action is neither done nor dropped', () => {
    expect(moveProblems(validAttempt('resolve', { evidence: '' }))).toEqual([
      { field: 'evidence', message: 'Describe the evidence that the problem is fixed' },
    ]);
    expect(moveProblems(validAttempt('resolve', { actionStatuses: ['done', 'planned', 'in_progress'] }))).toEqual([
      {
        message:
          '2 response actions are neither done nor dropped: finish or drop them before marking the case resolved.',
      },
    ]);
    expect(moveProblems(validAttempt('resolve', { actionStatuses: ['planned'] }))[0]?.message).toMatch(
      /^1 response action is neither/,
    );
  });

  it('refuses to verify until follow-up findings meet the rule, saying what is missing', () => {
    const verify = (followUp: MoveAttempt['followUp']) => moveProblems(validAttempt('verify', { followUp }));
    expect(verify(followUpStanding(9, ['improved', 'improved', 'no_longer_reported', 'still_reported']))).toEqual([
      {
        message: 'Record follow-up findings at 5 of the 9 facilities or more before verifying (4 recorded so far).',
      },
    ]);
    expect(verify(followUpStanding(4, ['still_reported', 'still_reported', 'improved']))).toEqual([
      {
        message:
          'Only 1 of the 3 follow-up findings show the problem improved or gone; at least 2 must, to verify. Reopen the case or close it as not fixed.',
      },
    ]);
    expect(verify(followUpStanding(4, ['still_reported', 'improved']))).toEqual([]);
    expect(verify(null)).toEqual([{ message: 'Record the follow-up findings first.' }]);
  });

  it('refuses an extension without a new date or to a date not after the current one', () => {
    expect(moveProblems(validAttempt('extend_deadline', { newDueOn: null }))).toEqual([
      { field: 'newDueOn', message: 'Enter the new due date' },
    ]);
    expect(moveProblems(validAttempt('extend_deadline', { newDueOn: '2026-04-20' }))).toEqual([
      { field: 'newDueOn', message: 'The new due date must be after the current one, 20 April 2026' },
    ]);
  });

  it('gives each viewer only the buttons the table allows them', () => {
    const names = (state: CaseStatus, relation: CaseRelation) => movesFor(state, relation).map((move) => move.name);
    expect(names('escalated', 'owning_official')).toEqual(['acknowledge', 'transfer', 'request_information']);
    expect(names('escalated', 'analyst')).toEqual(['extend_deadline', 'withdraw']);
    expect(names('acknowledged', 'owning_official')).toEqual(['accept', 'decline', 'transfer', 'request_information']);
    expect(names('resolved', 'analyst')).toEqual(['reopen', 'verify', 'close_not_fixed', 'withdraw']);
    expect(names('declined', 'analyst')).toEqual(['escalate_again', 'withdraw']);
    expect(names('escalated', 'supporting_official')).toEqual([]);
    expect(names('escalated', 'administrator')).toEqual([]);
    expect(names('closed', 'analyst')).toEqual([]);
  });

  it('sends an answered case back where it was, and keeps the state on an extension', () => {
    expect(stateAfter(CASE_WORKFLOW.answer_information, 'information_requested', 'accepted')).toBe('accepted');
    expect(stateAfter(CASE_WORKFLOW.extend_deadline, 'acknowledged', null)).toBe('acknowledged');
    expect(stateAfter(CASE_WORKFLOW.transfer, 'acknowledged', null)).toBe('escalated');
  });

  it('leaves no finished state with a way out but none, and every state reachable from a draft', () => {
    const reachable = new Set<CaseStatus>(['draft']);
    for (let grew = true; grew;) {
      grew = false;
      for (const move of Object.values(CASE_WORKFLOW)) {
        if (!move.from.some((state) => reachable.has(state))) continue;
        const targets = move.to === 'previous' || move.to === 'same' ? [] : [move.to];
        for (const target of targets) if (!reachable.has(target)) grew = reachable.add(target).size > 0;
      }
    }
    expect([...reachable].sort()).toEqual([...CASE_STATUSES].sort());
    for (const finished of ['closed', 'closed_not_fixed', 'withdrawn'] as const) {
      expect(movesFor(finished, 'analyst'), finished).toEqual([]);
    }
  });
});
