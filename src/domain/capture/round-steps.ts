import { METHOD_STEP_NAMES, METHOD_STEPS, type MethodStep } from '../vocabulary.ts';

/**
 * How a monitoring round moves through the three steps of the method. A round goes forward one
 * step at a time, since each step builds on the one before (no dialogue without feedback to discuss,
 * no charter to monitor without a dialogue). It may go back any number of steps, for instance when a
 * dialogue has to be held again, but only with a reason, which the audit trail keeps.
 */
export type StepMove =
  | { ok: true; direction: 'none' | 'forward' | 'back' }
  | { ok: false; field: 'currentStep' | 'stepReason'; refusal: string };

export function decideStepMove(from: MethodStep, to: MethodStep, reason: string): StepMove {
  const fromIndex = METHOD_STEPS.indexOf(from);
  const toIndex = METHOD_STEPS.indexOf(to);
  if (toIndex === fromIndex) return { ok: true, direction: 'none' };
  if (toIndex === fromIndex + 1) return { ok: true, direction: 'forward' };
  if (toIndex > fromIndex) {
    const skipped = METHOD_STEPS[fromIndex + 1]!;
    return {
      ok: false,
      field: 'currentStep',
      refusal: `steps go forward one at a time: move on to ${METHOD_STEP_NAMES[skipped]} first`,
    };
  }
  if (reason.trim() === '') {
    return { ok: false, field: 'stepReason', refusal: `Say why the round goes back to step ${toIndex + 1}` };
  }
  return { ok: true, direction: 'back' };
}

export type StepState = 'done' | 'current' | 'upcoming';

/** Each step of the method with where the round stands on it, for the step indicator. */
export function stepProgress(current: MethodStep): { step: MethodStep; number: number; state: StepState }[] {
  const currentIndex = METHOD_STEPS.indexOf(current);
  return METHOD_STEPS.map((step, index) => ({
    step,
    number: index + 1,
    state: index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming',
  }));
}

/**
 * Date problems of a round, dates as YYYY-MM-DD (which compare as text): it cannot end before it
 * started, nor end in the future.
 */
export function roundDateProblems(
  round: { startedOn: string; endedOn: string | null },
  today: string,
): Record<string, string> {
  if (round.endedOn === null) return {};
  if (round.endedOn < round.startedOn)
    return { endedOn: 'The date the round ended must be the same as or after the date it started' };
  if (round.endedOn > today)
    return { endedOn: 'The date the round ended must be today or in the past; leave it empty while the round runs' };
  return {};
}
