import { describe, expect, it } from 'vitest';
import {
  daysOverdue,
  isCommitmentOverdue,
  pastDueProblem,
  progressStatuses,
  progressStatusRefusal,
} from '../../../src/domain/capture/commitments.ts';

describe('isCommitmentOverdue', () => {
  const today = '2026-03-14';

  it('flags an open commitment whose due date has passed', () => {
    expect(isCommitmentOverdue({ status: 'not_started', dueOn: '2026-03-13' }, today)).toBe(true);
    expect(isCommitmentOverdue({ status: 'in_progress', dueOn: '2025-12-01' }, today)).toBe(true);
  });

  it('does not flag a commitment due today', () => {
    expect(isCommitmentOverdue({ status: 'in_progress', dueOn: today }, today)).toBe(false);
  });

  it('does not flag a commitment that is done or already marked missed', () => {
    expect(isCommitmentOverdue({ status: 'done', dueOn: '2025-01-01' }, today)).toBe(false);
    expect(isCommitmentOverdue({ status: 'missed', dueOn: '2025-01-01' }, today)).toBe(false);
  });
});

describe('daysOverdue', () => {
  it('counts the whole days since the due date of an open commitment', () => {
    expect(daysOverdue({ status: 'not_started', dueOn: '2026-03-02' }, '2026-03-14')).toBe(12);
    expect(daysOverdue({ status: 'in_progress', dueOn: '2026-03-13' }, '2026-03-14')).toBe(1);
    expect(daysOverdue({ status: 'in_progress', dueOn: '2025-03-14' }, '2026-03-14')).toBe(365);
  });

  it('is zero when the commitment is due today or later, done or missed', () => {
    expect(daysOverdue({ status: 'in_progress', dueOn: '2026-03-14' }, '2026-03-14')).toBe(0);
    expect(daysOverdue({ status: 'in_progress', dueOn: '2026-04-01' }, '2026-03-14')).toBe(0);
    expect(daysOverdue({ status: 'done', dueOn: '2026-03-01' }, '2026-03-14')).toBe(0);
    expect(daysOverdue({ status: 'missed', dueOn: '2026-03-01' }, '2026-03-14')).toBe(0);
  });
});

describe('progressStatusRefusal', () => {
  it('lets an update start, finish or miss a commitment', () => {
    expect(progressStatuses('not_started')).toEqual(['in_progress', 'done', 'missed']);
    expect(progressStatusRefusal('in_progress', 'done')).toBeNull();
  });

  it('lets a missed commitment be taken up again or done late', () => {
    expect(progressStatusRefusal('missed', 'in_progress')).toBeNull();
    expect(progressStatusRefusal('missed', 'done')).toBeNull();
  });

  it('lets an update keep the status as it is', () => {
    expect(progressStatusRefusal('in_progress', 'in_progress')).toBeNull();
  });

  it('refuses to move a commitment back', () => {
    expect(progressStatusRefusal('in_progress', 'not_started')).toMatch(/not from in progress back to not started/);
  });

  it('refuses to move a done commitment at all', () => {
    expect(progressStatusRefusal('done', 'in_progress')).toMatch(/is done/);
  });
});

describe('a due date in the past', () => {
  const today = '2026-03-14';
  it('needs confirming when it is set, not when it is today or later, confirmed, or kept on an edit', () => {
    expect(pastDueProblem('2026-03-13', { today, isConfirmed: false })).toMatch(
      /^The due date is in the past: check it, or tick "Yes, the due date is in the past \(the charter was agreed earlier\)"/,
    );
    expect(pastDueProblem('2026-03-14', { today, isConfirmed: false })).toBeNull();
    expect(pastDueProblem('2026-03-13', { today, isConfirmed: true })).toBeNull();
    expect(pastDueProblem('2026-03-13', { today, before: '2026-03-13', isConfirmed: false })).toBeNull();
    expect(pastDueProblem('2026-03-12', { today, before: '2026-03-13', isConfirmed: false })).not.toBeNull();
  });
});
