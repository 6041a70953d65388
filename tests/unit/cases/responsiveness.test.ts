import { describe, expect, it } from 'vitest';
import type { DashboardDeadline } from '../../../src/domain/cases/dashboard-figures.ts';
import {
  responsivenessOf,
  sortedDepartments,
  type ResponsivenessCase,
  type ResponsivenessInput,
} from '../../../src/domain/cases/responsiveness.ts';
import { southAfricanCalendar } from '../../../src/domain/cases/working-days.ts';
import { aDashboardDeadline, figureEvent as event } from '../../fixtures/case-figures.ts';

const calendar = southAfricanCalendar();
const TODAY = '2026-06-22';

function aCase(id: string, overrides: Partial<ResponsivenessCase> = {}): ResponsivenessCase {
  return { id, status: 'escalated', owningDepartmentId: 'saps', events: [], ...overrides };
}

/** A running acknowledgement deadline of the SAPS, escalated Mon 1 June 2026 and due Mon 15 June. */
const aDeadline = (caseId: string, overrides: Partial<DashboardDeadline> = {}) =>
  aDashboardDeadline(caseId, {
    startedOn: '2026-06-01',
    dueOn: '2026-06-15',
    originalDueOn: '2026-06-15',
    ...overrides,
  });

const figuresOf = (input: Partial<ResponsivenessInput>) =>
  responsivenessOf({
    departmentIds: ['saps'],
    cases: [],
    deadlines: [],
    today: TODAY,
    calendar,
    minimumCases: 10,
    ...input,
  });
const sapsOf = (input: Partial<ResponsivenessInput>) => figuresOf(input)[0]!;

/**
 * `count` cases escalated to the SAPS on Mon 1 June 2026 and acknowledged on Wed 3 June (2 working days), each
 * acknowledgement deadline met; the first `missed` acknowledged on Wed 17 June instead (11 working days: 16 June
 * is Youth Day), after its due date of 15 June.
 */
function acknowledgedCases(count: number, missed = 0) {
  const cases: ResponsivenessCase[] = [];
  const deadlines: DashboardDeadline[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = `case-${index}`;
    const on = index < missed ? '2026-06-17' : '2026-06-03';
    cases.push(
      aCase(id, {
        status: 'acknowledged',
        events: [event('escalate', '2026-06-01'), event('acknowledge', on, 'saps')],
      }),
    );
    deadlines.push(aDeadline(id, { endedOn: on, outcome: index < missed ? 'missed' : 'met' }));
  }
  return { cases, deadlines };
}

describe('responsivenessOf', () => {
  it('withholds a share and a median that 9 cases stand behind, with the count', () => {
    const saps = sapsOf(acknowledgedCases(9));
    expect(saps.received).toBe(9);
    expect(saps.acknowledged).toEqual({ cases: 9, shares: null });
    expect(saps.daysToAcknowledge).toEqual({ cases: 9, median: null });
  });

  it('shows them once 10 cases stand behind them', () => {
    const saps = sapsOf(acknowledgedCases(10, 3));
    expect(saps.received).toBe(10);
    expect(saps.acknowledged).toEqual({ cases: 10, shares: { metOnTime: 0.7, metAfterExtension: 0, missed: 0.3 } });
    expect(saps.daysToAcknowledge).toEqual({ cases: 10, median: 2 });
  });

  it('follows the minimum the administrator set', () => {
    const cases = acknowledgedCases(3);
    expect(sapsOf({ ...cases, minimumCases: 3 }).daysToAcknowledge).toEqual({ cases: 3, median: 2 });
    expect(sapsOf({ ...cases, minimumCases: 4 }).daysToAcknowledge).toEqual({ cases: 3, median: null });
  });

  it('counts a deadline met only thanks to an extension apart from one met within its first due date', () => {
    const deadlines = [
      // Due 15 June, extended to 19 June, acknowledged on 18 June: met after an extension.
      aDeadline('a', { dueOn: '2026-06-19', extensions: 1, endedOn: '2026-06-18', outcome: 'met' }),
      // Extended too, but acknowledged by the first due date: met on time.
      aDeadline('b', { dueOn: '2026-06-19', extensions: 1, endedOn: '2026-06-12', outcome: 'met' }),
      // Paused for 2 working days and extended: the pause moves the date it is judged by to 18 June (16 June is
      // Youth Day), the extension does not; acknowledged on 18 June: met on time.
      aDeadline('c', {
        dueOn: '2026-06-25',
        pausedWorkingDays: 2,
        extensions: 1,
        endedOn: '2026-06-18',
        outcome: 'met',
      }),
      aDeadline('d', { endedOn: '2026-06-16', outcome: 'missed' }),
      // Cancelled by a withdrawal: no answer to judge.
      aDeadline('e', { endedOn: '2026-06-05', outcome: 'cancelled' }),
    ];
    const saps = sapsOf({ deadlines, minimumCases: 4 });
    expect(saps.acknowledged).toEqual({
      cases: 4,
      shares: { metOnTime: 0.5, metAfterExtension: 0.25, missed: 0.25 },
    });
    expect(saps.received).toBe(5);
  });

  it('leaves the days the clock was paused for a question to DPME out of the time to decide', () => {
    // Escalated Thu 2 April 2026, acknowledged Thu 9 April (3 working days: Good Friday and Family Day are
    // holidays); a question on Tue 14 April, answered Fri 17 April (3 paused days); accepted Wed 22 April:
    // 12 working days from the escalation, less 3.
    const paused = aCase('a', {
      status: 'accepted',
      events: [
        event('escalate', '2026-04-02'),
        event('acknowledge', '2026-04-09', 'saps'),
        event('request_information', '2026-04-14', 'saps'),
        event('answer_information', '2026-04-17'),
        event('accept', '2026-04-22', 'saps'),
      ],
    });
    const saps = sapsOf({ cases: [paused], minimumCases: 1 });
    expect(saps.daysToAcknowledge).toEqual({ cases: 1, median: 3 });
    expect(saps.daysToDecide).toEqual({ cases: 1, median: 9 });
  });

  it('counts a transferred case as received by both departments, each with its own answers and deadlines', () => {
    // Escalated to the SAPS Mon 4 May, acknowledged 5 May (1), transferred 6 May to the Treasury, which
    // acknowledged 8 May (2) and accepted 11 May (3).
    const transferred = aCase('f', {
      status: 'accepted',
      owningDepartmentId: 'nt',
      events: [
        event('escalate', '2026-05-04'),
        event('acknowledge', '2026-05-05', 'saps'),
        event('transfer', '2026-05-06', 'saps'),
        event('acknowledge', '2026-05-08', 'nt'),
        event('accept', '2026-05-11', 'nt'),
      ],
    });
    const deadlines = [
      aDeadline('f', { startedOn: '2026-05-04', endedOn: '2026-05-05', outcome: 'met' }),
      aDeadline('f', { kind: 'decide', startedOn: '2026-05-05', endedOn: '2026-05-06', outcome: 'met' }),
      aDeadline('f', { departmentId: 'nt', startedOn: '2026-05-06', endedOn: '2026-05-08', outcome: 'met' }),
      aDeadline('f', { kind: 'decide', departmentId: 'nt', endedOn: '2026-05-11', outcome: 'met' }),
      aDeadline('f', { kind: 'plan', departmentId: 'nt', dueOn: '2026-06-22' }),
    ];
    const [saps, treasury] = figuresOf({
      departmentIds: ['saps', 'nt'],
      cases: [transferred],
      deadlines,
      minimumCases: 1,
    });
    expect(saps).toMatchObject({ received: 1, open: 0, daysToAcknowledge: { cases: 1, median: 1 } });
    expect(saps!.daysToDecide.cases).toBe(0);
    expect(saps!.decided).toEqual({ cases: 1, shares: { metOnTime: 1, metAfterExtension: 0, missed: 0 } });
    expect(treasury).toMatchObject({
      received: 1,
      open: 1,
      daysToAcknowledge: { cases: 1, median: 2 },
      daysToDecide: { cases: 1, median: 3 },
    });
  });

  it('counts open, overdue (not while paused) and verified cases, and zeros for a department with none', () => {
    const cases = [
      aCase('late'),
      aCase('paused', { status: 'information_requested' }),
      aCase('verified', { status: 'verified' }),
      aCase('closed', { status: 'closed' }),
      aCase('not-fixed', { status: 'closed_not_fixed' }),
      aCase('withdrawn', { status: 'withdrawn' }),
    ];
    const deadlines = [
      aDeadline('late', { dueOn: '2026-06-19' }),
      aDeadline('paused', { dueOn: '2026-06-19', pausedOn: '2026-06-10' }),
    ];
    const [saps, health] = figuresOf({ departmentIds: ['saps', 'health'], cases, deadlines });
    expect(saps).toMatchObject({ received: 6, open: 2, overdue: 1, verified: 2 });
    expect(health).toEqual({
      departmentId: 'health',
      received: 0,
      acknowledged: { cases: 0, shares: null },
      decided: { cases: 0, shares: null },
      daysToAcknowledge: { cases: 0, median: null },
      daysToDecide: { cases: 0, median: null },
      open: 0,
      overdue: 0,
      verified: 0,
    });
  });
});

describe('sortedDepartments', () => {
  const [none] = figuresOf({});
  const row = (name: string, onTime: number | null, days: number | null, received: number) => ({
    ...none!,
    departmentId: name,
    name,
    received,
    acknowledged: {
      cases: 10,
      shares: onTime === null ? null : { metOnTime: onTime, metAfterExtension: 0, missed: 0 },
    },
    daysToAcknowledge: { cases: 10, median: days },
  });
  const rows = [
    row('Treasury', 0.5, 4, 12),
    row('Health', null, null, 3),
    row('SAPS', 0.9, 2, 30),
    row('Education', 0.5, null, 12),
    row('Agriculture', null, 8, 1),
  ];
  const names = (sorted: readonly { name: string }[]) => sorted.map((department) => department.name);

  it('never ranks a department whose figure is withheld above one with the figure, in either direction', () => {
    expect(names(sortedDepartments(rows, 'acknowledged_on_time', 'desc'))).toEqual([
      'SAPS',
      'Education',
      'Treasury',
      'Agriculture',
      'Health',
    ]);
    expect(names(sortedDepartments(rows, 'acknowledged_on_time', 'asc'))).toEqual([
      'Education',
      'Treasury',
      'SAPS',
      'Agriculture',
      'Health',
    ]);
    expect(names(sortedDepartments(rows, 'days_to_acknowledge', 'asc'))).toEqual([
      'SAPS',
      'Treasury',
      'Agriculture',
      'Education',
      'Health',
    ]);
  });

  it('sorts counts and names, ties by name', () => {
    expect(names(sortedDepartments(rows, 'received', 'desc'))).toEqual([
      'SAPS',
      'Education',
      'Treasury',
      'Health',
      'Agriculture',
    ]);
    expect(names(sortedDepartments(rows, 'name', 'desc'))).toEqual([
      'Treasury',
      'SAPS',
      'Health',
      'Education',
      'Agriculture',
    ]);
  });
});
