import { describe, expect, it } from 'vitest';
import { followUpProblem, followUpStanding, followUpSummary } from '../../../src/domain/cases/follow-up.ts';
import type { FollowUpResult } from '../../../src/domain/vocabulary.ts';

const findings = (better: number, still: number): FollowUpResult[] => [
  ...Array.from({ length: better }, (_, index): FollowUpResult => (index % 2 ? 'improved' : 'no_longer_reported')),
  ...Array.from({ length: still }, (): FollowUpResult => 'still_reported'),
];

describe('verification by follow-up monitoring', () => {
  it('needs findings at half of the facilities, rounded up, and at least one', () => {
    expect(followUpStanding(9, findings(4, 0))).toMatchObject({ recordedNeeded: 5, mayVerify: false });
    expect(followUpStanding(9, findings(5, 0))).toMatchObject({ recordedNeeded: 5, mayVerify: true });
    expect(followUpStanding(1, [])).toMatchObject({ recordedNeeded: 1, mayVerify: false });
    expect(followUpStanding(1, findings(1, 0)).mayVerify).toBe(true);
  });

  it('needs at least half of the recorded findings improved or no longer reported', () => {
    expect(followUpStanding(6, findings(2, 2))).toMatchObject({ better: 2, betterNeeded: 2, mayVerify: true });
    expect(followUpStanding(6, findings(2, 3))).toMatchObject({ better: 2, betterNeeded: 3, mayVerify: false });
    expect(followUpStanding(6, findings(0, 6)).mayVerify).toBe(false);
  });

  it('takes the coverage administrators set', () => {
    expect(followUpStanding(10, findings(3, 0), 30).mayVerify).toBe(true);
    expect(followUpStanding(10, findings(9, 0), 100).mayVerify).toBe(false);
    expect(followUpStanding(10, findings(10, 0), 100).mayVerify).toBe(true);
  });

  it('says the result as the pages show it', () => {
    expect(followUpSummary(followUpStanding(9, findings(7, 2)))).toBe('Improved at 7 of 9 facilities');
    expect(followUpSummary(followUpStanding(9, findings(3, 2)))).toBe(
      'Improved at 3 of 9 facilities (findings from 5)',
    );
    expect(followUpSummary(followUpStanding(1, findings(1, 0)))).toBe('Improved at 1 of 1 facility');
    expect(followUpSummary(followUpStanding(4, []))).toBe('No follow-up findings recorded yet');
  });

  it('says what is missing, or nothing when the case may be verified', () => {
    expect(followUpProblem(followUpStanding(3, findings(1, 0)))).toBe(
      'Record follow-up findings at 2 of the 3 facilities or more before verifying (1 recorded so far).',
    );
    expect(followUpProblem(followUpStanding(3, findings(2, 0)))).toBeNull();
  });
});
