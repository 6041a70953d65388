import type { FollowUpResult } from '../vocabulary.ts';

/**
 * Verification by follow-up monitoring: after a department says a case is resolved, monitors go back to the
 * facilities whose issues the case links, and an analyst records what they found at each. The case may be
 * verified once findings cover enough of those facilities and at least half of the findings show the problem
 * improved or gone; otherwise DPME reopens it or closes it as not fixed.
 */

/** The share of a case's facilities that must have a finding before it may be verified, by default. */
export const DEFAULT_FOLLOW_UP_COVERAGE_PERCENT = 50;

/** A finding counts for the fix when the problem improved or is no longer reported. */
export const isBetter = (result: FollowUpResult) => result !== 'still_reported';

export interface FollowUpStanding {
  /** Facilities the case's local issues come from. */
  facilities: number;
  /** Facilities with a finding recorded. */
  recorded: number;
  /** Findings of "improved" or "no longer reported". */
  better: number;
  /** Findings needed before the case may be verified. */
  recordedNeeded: number;
  /** Better findings needed, given those recorded. */
  betterNeeded: number;
  mayVerify: boolean;
}

/**
 * Where a case stands against the rule. `coveragePercent` of the facilities must have a finding (rounded up,
 * and at least one), and at least half of the recorded findings (rounded up) must be better.
 */
export function followUpStanding(
  facilities: number,
  results: readonly FollowUpResult[],
  coveragePercent = DEFAULT_FOLLOW_UP_COVERAGE_PERCENT,
): FollowUpStanding {
  const recorded = results.length;
  const better = results.filter(isBetter).length;
  const recordedNeeded = Math.max(1, Math.ceil((facilities * coveragePercent) / 100));
  const betterNeeded = Math.ceil(recorded / 2);
  return {
    facilities,
    recorded,
    better,
    recordedNeeded,
    betterNeeded,
    mayVerify: recorded >= recordedNeeded && recorded > 0 && better >= betterNeeded,
  };
}

/** "Improved at 7 of 9 facilities", as the case page, the dashboard and the public read it. */
export function followUpSummary(standing: Pick<FollowUpStanding, 'facilities' | 'recorded' | 'better'>): string {
  if (standing.recorded === 0) return 'No follow-up findings recorded yet';
  const of = `${standing.better} of ${standing.facilities} ${standing.facilities === 1 ? 'facility' : 'facilities'}`;
  const shown = standing.recorded < standing.facilities ? ` (findings from ${standing.recorded})` : '';
  return `Improved at ${of}${shown}`;
}

/** Why the case may not be verified yet, as an instruction; null when it may. */
export function followUpProblem(standing: FollowUpStanding): string | null {
  if (standing.mayVerify) return null;
  if (standing.recorded < standing.recordedNeeded) {
    const facilities = standing.facilities === 1 ? 'facility' : 'facilities';
    return (
      `Record follow-up findings at ${standing.recordedNeeded} of the ${standing.facilities} ${facilities} or more ` +
      `before verifying (${standing.recorded} recorded so far).`
    );
  }
  return (
    `Only ${standing.better} of the ${standing.recorded} follow-up findings show the problem improved or gone; ` +
    `at least ${standing.betterNeeded} must, to verify. Reopen the case or close it as not fixed.`
  );
}
