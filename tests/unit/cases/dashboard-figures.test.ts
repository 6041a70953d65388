import { describe, expect, it } from 'vitest';
import {
  answerTimesOf,
  dashboardFiguresOf,
  durationFiguresOf,
  periodOf,
  type DashboardCase,
  type DashboardDeadline,
} from '../../../src/domain/cases/dashboard-figures.ts';
import { southAfricanCalendar } from '../../../src/domain/cases/working-days.ts';
import { aDashboardDeadline as aDeadline, figureEvent as event } from '../../fixtures/case-figures.ts';

const calendar = southAfricanCalendar();
const TODAY = '2026-06-22';

function aCase(id: string, overrides: Partial<DashboardCase>): DashboardCase {
  return {
    id,
    reference: `SC-2026-${id}`,
    title: `Case ${id}`,
    status: 'escalated',
    owningDepartmentId: 'saps',
    escalatedOn: '2026-04-02',
    events: [],
    ...overrides,
  };
}

/*
 * The hand-computed set (2026; Good Friday 3 April, Family Day 6 April, Freedom Day 27 April, Workers' Day
 * 1 May and Youth Day 16 June are holidays):
 * - A (SAPS): escalated Thu 2 Apr, acknowledged Thu 9 Apr (7, 8, 9: 3 working days), a question Tue 14 Apr
 *   answered Fri 17 Apr (15, 16, 17: 3 paused days), accepted Wed 22 Apr (12 working days, less 3: 9),
 *   planned 5 May, resolved 20 May, verified 3 June.
 * - B (SAPS): escalated Mon 4 May, acknowledgement due 18 May, extended to 25 May, acknowledged Thu 21 May
 *   (13 working days: met only thanks to the extension), decision due 4 June, declined 10 June (27 working
 *   days from the escalation; missed).
 * - C (Health): escalated Mon 1 June, acknowledgement due Mon 15 June, not acknowledged: overdue on 22 June by
 *   4 working days (16 June is Youth Day).
 * - E (SAPS): opened 1 Feb, resolved 10 March, closed as not fixed 14 April.
 * - F: escalated to SAPS Mon 4 May, acknowledged by SAPS 5 May (1), transferred to the Treasury 6 May, which
 *   acknowledged 8 May (7, 8: 2) and accepted 11 May (7, 8, 11: 3).
 */
const CASES: DashboardCase[] = [
  aCase('A', {
    status: 'verified',
    events: [
      event('created', '2026-04-02'),
      event('escalate', '2026-04-02'),
      event('acknowledge', '2026-04-09', 'saps'),
      event('request_information', '2026-04-14', 'saps'),
      event('answer_information', '2026-04-17'),
      event('accept', '2026-04-22', 'saps'),
      event('plan_response', '2026-05-05', 'saps'),
      event('start_work', '2026-05-06', 'saps'),
      event('resolve', '2026-05-20', 'saps'),
      event('verify', '2026-06-03'),
    ],
  }),
  aCase('B', {
    status: 'declined',
    escalatedOn: '2026-05-04',
    events: [
      event('escalate', '2026-05-04'),
      event('extend_deadline', '2026-05-15'),
      event('acknowledge', '2026-05-21', 'saps'),
      event('decline', '2026-06-10', 'saps'),
    ],
  }),
  aCase('C', {
    owningDepartmentId: 'health',
    escalatedOn: '2026-06-01',
    events: [event('escalate', '2026-06-01')],
  }),
  aCase('E', {
    status: 'closed_not_fixed',
    escalatedOn: '2026-02-01',
    events: [event('resolve', '2026-03-10', 'saps'), event('close_not_fixed', '2026-04-14')],
  }),
  aCase('F', {
    status: 'accepted',
    owningDepartmentId: 'treasury',
    escalatedOn: '2026-05-04',
    events: [
      event('escalate', '2026-05-04'),
      event('acknowledge', '2026-05-05', 'saps'),
      event('transfer', '2026-05-06', 'saps'),
      event('acknowledge', '2026-05-08', 'treasury'),
      event('accept', '2026-05-11', 'treasury'),
    ],
  }),
];

const DEADLINES: DashboardDeadline[] = [
  aDeadline('A', { endedOn: '2026-04-09', outcome: 'met' }),
  // Due 23 April; the 3 paused days moved it to 29 April.
  aDeadline('A', {
    kind: 'decide',
    startedOn: '2026-04-09',
    dueOn: '2026-04-29',
    originalDueOn: '2026-04-23',
    pausedWorkingDays: 3,
    endedOn: '2026-04-22',
    outcome: 'met',
  }),
  aDeadline('A', {
    kind: 'plan',
    startedOn: '2026-04-22',
    dueOn: '2026-06-05',
    originalDueOn: '2026-06-05',
    endedOn: '2026-05-05',
    outcome: 'met',
  }),
  aDeadline('B', {
    startedOn: '2026-05-04',
    dueOn: '2026-05-25',
    originalDueOn: '2026-05-18',
    extensions: 1,
    endedOn: '2026-05-21',
    outcome: 'met',
  }),
  aDeadline('B', {
    kind: 'decide',
    startedOn: '2026-05-21',
    dueOn: '2026-06-04',
    originalDueOn: '2026-06-04',
    endedOn: '2026-06-10',
    outcome: 'missed',
  }),
  aDeadline('C', { departmentId: 'health', startedOn: '2026-06-01', dueOn: '2026-06-15', originalDueOn: '2026-06-15' }),
  aDeadline('F', {
    startedOn: '2026-05-04',
    dueOn: '2026-05-18',
    originalDueOn: '2026-05-18',
    endedOn: '2026-05-05',
    outcome: 'met',
  }),
  aDeadline('F', {
    kind: 'decide',
    startedOn: '2026-05-05',
    dueOn: '2026-05-19',
    originalDueOn: '2026-05-19',
    endedOn: '2026-05-06',
    outcome: 'met',
  }),
  aDeadline('F', {
    departmentId: 'treasury',
    startedOn: '2026-05-06',
    dueOn: '2026-05-20',
    originalDueOn: '2026-05-20',
    endedOn: '2026-05-08',
    outcome: 'met',
  }),
  aDeadline('F', {
    kind: 'decide',
    departmentId: 'treasury',
    startedOn: '2026-05-08',
    dueOn: '2026-05-22',
    originalDueOn: '2026-05-22',
    endedOn: '2026-05-11',
    outcome: 'met',
  }),
  aDeadline('F', {
    kind: 'plan',
    departmentId: 'treasury',
    startedOn: '2026-05-11',
    dueOn: '2026-06-23',
    originalDueOn: '2026-06-23',
  }),
];

const figuresFor = (departmentId: string | null, period = periodOf('last_3_months', TODAY)) =>
  dashboardFiguresOf({ cases: CASES, deadlines: DEADLINES, period, today: TODAY, calendar, departmentId });

describe('the dashboard figures', () => {
  it('names the periods by whole months and financial years from 1 April', () => {
    expect(periodOf('last_3_months', TODAY)).toEqual({ from: '2026-04-01', to: TODAY });
    expect(periodOf('last_12_months', TODAY)).toEqual({ from: '2025-07-01', to: TODAY });
    expect(periodOf('this_financial_year', TODAY)).toEqual({ from: '2026-04-01', to: TODAY });
    expect(periodOf('last_financial_year', TODAY)).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(periodOf('this_financial_year', '2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(periodOf('last_12_months', '2026-01-15')).toEqual({ from: '2025-02-01', to: '2026-01-15' });
    expect(periodOf('all_time', TODAY)).toEqual({ from: null, to: TODAY });
  });

  it('takes the median as the middle value (the mean of the two middle ones) and the 90th percentile by nearest rank', () => {
    expect(durationFiguresOf([])).toEqual({ count: 0, median: null, percentile90: null });
    expect(durationFiguresOf([7])).toEqual({ count: 1, median: 7, percentile90: 7 });
    expect(durationFiguresOf([13, 1, 3, 2])).toEqual({ count: 4, median: 2.5, percentile90: 13 });
    // ⌈0.9 × 10⌉ = 9th of 10; ⌈0.9 × 11⌉ = 10th of 11.
    expect(durationFiguresOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).percentile90).toBe(9);
    expect(durationFiguresOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).percentile90).toBe(10);
  });

  it('counts working days from each hand-over to the answer, leaving out holidays and the days the clock was paused', () => {
    const times = (id: string) => {
      const { acknowledge, decide } = answerTimesOf(
        CASES.find((c) => c.id === id)!,
        calendar,
      );
      return {
        acknowledge: acknowledge.map((row) => [row.departmentId, row.workingDays]),
        decide: decide.map((row) => [row.departmentId, row.workingDays]),
      };
    };
    expect(times('A')).toEqual({ acknowledge: [['saps', 3]], decide: [['saps', 9]] });
    expect(times('B')).toEqual({ acknowledge: [['saps', 13]], decide: [['saps', 27]] });
    expect(times('C')).toEqual({ acknowledge: [], decide: [] });
    expect(times('F')).toEqual({
      acknowledge: [
        ['saps', 1],
        ['treasury', 2],
      ],
      decide: [['treasury', 3]],
    });
  });

  it('gives every department’s figures for the period, checked by hand', () => {
    const figures = figuresFor(null);
    expect(figures.caseCount).toBe(4);
    expect(figures.byState).toEqual([
      { state: 'escalated', count: 1 },
      { state: 'accepted', count: 1 },
      { state: 'declined', count: 1 },
      { state: 'verified', count: 1 },
    ]);
    expect(figures.byDepartment).toEqual([
      { departmentId: 'saps', open: 1, finished: 1, overdue: 0 },
      { departmentId: 'health', open: 1, finished: 0, overdue: 1 },
      { departmentId: 'treasury', open: 1, finished: 0, overdue: 0 },
    ]);
    expect(figures.timeToAcknowledge).toEqual({ count: 4, median: 2.5, percentile90: 13 });
    expect(figures.timeToDecide).toEqual({ count: 3, median: 9, percentile90: 27 });
    expect(figures.deadlines).toEqual([
      {
        kind: 'acknowledge',
        ended: 4,
        metOnTime: 3,
        metAfterExtension: 1,
        missed: 0,
        shareMet: 1,
        shareMetOnTime: 0.75,
      },
      { kind: 'decide', ended: 4, metOnTime: 3, metAfterExtension: 0, missed: 1, shareMet: 0.75, shareMetOnTime: 0.75 },
      { kind: 'plan', ended: 1, metOnTime: 1, metAfterExtension: 0, missed: 0, shareMet: 1, shareMetOnTime: 1 },
      { kind: 'all', ended: 9, metOnTime: 7, metAfterExtension: 1, missed: 1, shareMet: 8 / 9, shareMetOnTime: 7 / 9 },
    ]);
    expect(figures.overdue).toEqual([
      {
        caseId: 'C',
        reference: 'SC-2026-C',
        title: 'Case C',
        departmentId: 'health',
        kind: 'acknowledge',
        dueOn: '2026-06-15',
        workingDaysOverdue: 4,
      },
    ]);
    // E's resolution (10 March) is before the period; its closing (14 April) is in it.
    expect(figures.monthly).toEqual([
      { month: '2026-04', resolved: 0, verified: 0, closedNotFixed: 1 },
      { month: '2026-05', resolved: 1, verified: 0, closedNotFixed: 0 },
      { month: '2026-06', resolved: 0, verified: 1, closedNotFixed: 0 },
    ]);
  });

  it('keeps one department’s figures to its own answers and deadlines', () => {
    const saps = figuresFor('saps');
    expect(saps.timeToAcknowledge).toEqual({ count: 3, median: 3, percentile90: 13 });
    expect(saps.timeToDecide).toEqual({ count: 2, median: 18, percentile90: 27 });
    expect(saps.deadlines.at(-1)).toMatchObject({ ended: 7, metOnTime: 5, metAfterExtension: 1, missed: 1 });
    const treasury = figuresFor('treasury');
    expect(treasury.timeToAcknowledge).toEqual({ count: 1, median: 2, percentile90: 2 });
    expect(treasury.timeToDecide).toEqual({ count: 1, median: 3, percentile90: 3 });
    expect(treasury.deadlines.at(-1)).toMatchObject({ ended: 2, metOnTime: 2, metAfterExtension: 0, missed: 0 });
  });

  it('counts a deadline met after its pause moved it as met on time, and one met after its first due date only thanks to an extension as met after an extension', () => {
    // B's acknowledgement (21 May) came after its first due date (18 May) and by the extended one (25 May).
    expect(figuresFor(null).deadlines[0]!.metAfterExtension).toBe(1);
    // Paused for 3 working days, due 20 April moved to 23 April: met on 22 April, on time, with no extension.
    const paused = dashboardFiguresOf({
      cases: CASES,
      deadlines: [
        aDeadline('A', {
          dueOn: '2026-04-23',
          originalDueOn: '2026-04-20',
          pausedWorkingDays: 3,
          endedOn: '2026-04-22',
          outcome: 'met',
        }),
      ],
      period: periodOf('all_time', TODAY),
      today: TODAY,
      calendar,
      departmentId: null,
    });
    expect(paused.deadlines[0]).toMatchObject({ metOnTime: 1, metAfterExtension: 0 });
  });

  it('lists every month of all time from the first event’s month, and nothing without events', () => {
    const figures = figuresFor(null, periodOf('all_time', TODAY));
    expect(figures.monthly.map((row) => row.month)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06']);
    expect(figures.caseCount).toBe(5);
    const none = dashboardFiguresOf({
      cases: [],
      deadlines: [],
      period: periodOf('all_time', TODAY),
      today: TODAY,
      calendar,
      departmentId: null,
    });
    expect(none).toMatchObject({ caseCount: 0, byState: [], monthly: [], overdue: [] });
    expect(none.timeToAcknowledge).toEqual({ count: 0, median: null, percentile90: null });
  });
});
