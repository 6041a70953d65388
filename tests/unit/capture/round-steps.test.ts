import { describe, expect, it } from 'vitest';
import { decideStepMove, roundDateProblems, stepProgress } from '../../../src/domain/capture/round-steps.ts';

describe('decideStepMove', () => {
  it('moves forward one step', () => {
    expect(decideStepMove('gather_feedback', 'dialogue_and_charter', '')).toEqual({ ok: true, direction: 'forward' });
    expect(decideStepMove('dialogue_and_charter', 'monitor_and_escalate', '')).toEqual({
      ok: true,
      direction: 'forward',
    });
  });

  it('refuses to skip a step and names the one skipped', () => {
    expect(decideStepMove('gather_feedback', 'monitor_and_escalate', 'we are in a hurry')).toEqual({
      ok: false,
      field: 'currentStep',
      refusal: expect.stringContaining('2. Dialogue, root-cause analysis and charter'),
    });
  });

  it('refuses to go back without a reason', () => {
    expect(decideStepMove('monitor_and_escalate', 'gather_feedback', '   ')).toEqual({
      ok: false,
      field: 'stepReason',
      refusal: 'Say why the round goes back to step 1',
    });
  });

  it('goes back any number of steps with a reason', () => {
    expect(decideStepMove('monitor_and_escalate', 'gather_feedback', 'the survey is repeated')).toEqual({
      ok: true,
      direction: 'back',
    });
  });

  it('treats staying on the same step as no move', () => {
    expect(decideStepMove('dialogue_and_charter', 'dialogue_and_charter', '')).toEqual({ ok: true, direction: 'none' });
  });
});

describe('stepProgress', () => {
  it('marks the steps before the current one done and those after it upcoming', () => {
    expect(stepProgress('dialogue_and_charter').map((step) => [step.number, step.state])).toEqual([
      [1, 'done'],
      [2, 'current'],
      [3, 'upcoming'],
    ]);
  });

  it('has nothing upcoming on the last step', () => {
    expect(stepProgress('monitor_and_escalate').map((step) => step.state)).toEqual(['done', 'done', 'current']);
  });
});

describe('roundDateProblems', () => {
  const today = '2026-03-14';

  it('refuses an end before the start', () => {
    expect(roundDateProblems({ startedOn: '2026-02-01', endedOn: '2026-01-31' }, today)).toHaveProperty('endedOn');
  });

  it('refuses an end in the future', () => {
    expect(roundDateProblems({ startedOn: '2026-02-01', endedOn: '2026-03-15' }, today).endedOn).toMatch(
      /must be today or in the past/,
    );
  });

  it('accepts a round that ends on the day it started, or has not ended', () => {
    expect(roundDateProblems({ startedOn: '2026-02-01', endedOn: '2026-02-01' }, today)).toEqual({});
    expect(roundDateProblems({ startedOn: '2026-02-01', endedOn: null }, today)).toEqual({});
  });
});
