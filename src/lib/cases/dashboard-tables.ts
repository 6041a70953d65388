import { DEADLINE_NAMES } from '../../domain/cases/deadlines.ts';
import type { DurationFigures } from '../../domain/cases/dashboard-figures.ts';
import { CASE_STATUS_NAMES } from '../../domain/vocabulary.ts';
import type { CaseDashboard } from '../../server/services/cases/dashboard-service.ts';
import { formatCount, formatDay } from '../format.ts';
import type { ListAddress } from '../lists/list-query.ts';

/** The dashboard's address (/dashboard and its CSV downloads): what each query parameter filters. */
export const DASHBOARD_ADDRESS: ListAddress = {
  parameters: { period: 'period', province: 'province', sector: 'sector', department: 'departmentCode' },
};

export const DASHBOARD_TABLE_KEYS = [
  'states',
  'departments',
  'answer-times',
  'deadlines',
  'overdue',
  'monthly',
  'follow-up',
  'candidates',
] as const;
export type DashboardTableKey = (typeof DASHBOARD_TABLE_KEYS)[number];

/** A cell: its value in the CSV download, its words on the page, and where it links to. */
export interface DashboardCell {
  value: string | number;
  text: string;
  href?: string;
}

export interface DashboardColumn {
  label: string;
  /** The CSV download's column name. */
  header: string;
  isNumber?: boolean;
}

/** One of the dashboard’s tables: the page shows its first SHOWN_ROWS rows, /dashboard/<key>.csv downloads them all. */
export interface DashboardTable {
  key: DashboardTableKey;
  title: string;
  columns: readonly DashboardColumn[];
  rows: DashboardCell[][];
  /** How many rows the whole table has, when `rows` holds only the first (`rowsAtMost`). */
  totalRows?: number;
}

const count = (value: number): DashboardCell => ({ value, text: formatCount(value) });
const words = (text: string, href?: string): DashboardCell => ({ value: text, text, ...(href && { href }) });
const days = (value: number | null): DashboardCell =>
  value === null ? { value: '', text: 'None measured' } : { value, text: value.toLocaleString('en-ZA') };
const percent = (share: number | null): DashboardCell =>
  share === null
    ? { value: '', text: 'None ended' }
    : { value: Math.round(share * 1000) / 10, text: percentText(share) };

/** Rows a dashboard table shows on the page; the CSV download holds them all. */
export const SHOWN_ROWS = 25;

/** How many rows of the whole table `rows` leaves out (to the download). */
export const rowsLeftOf = (table: DashboardTable) => (table.totalRows ?? table.rows.length) - table.rows.length;

/** 0.875 -> "87.5%", 1 -> "100%". */
export function percentText(share: number): string {
  return `${(Math.round(share * 1000) / 10).toLocaleString('en-ZA')}%`;
}

const MONTH_NAMES = new Intl.DateTimeFormat('en-ZA', { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** '2026-04' -> "Apr 2026". */
export const monthName = (month: string) => MONTH_NAMES.format(new Date(`${month}-01T00:00:00Z`));

const answerRow = (label: string, figures: DurationFigures): DashboardCell[] => [
  words(label),
  count(figures.count),
  days(figures.median),
  days(figures.percentile90),
];

/**
 * Every table of the dashboard, in the page's order; candidates only for those who review clusters. The long
 * ones (overdue cases, follow-up, candidates: hundreds of rows at national scale) hold their first `rowsAtMost`
 * rows only, when given: the page formats no more than it shows.
 */
export function dashboardTables(dashboard: CaseDashboard, { rowsAtMost = Infinity } = {}): DashboardTable[] {
  const first = <T>(items: readonly T[]) => items.slice(0, rowsAtMost);
  const tables: DashboardTable[] = [
    {
      key: 'states',
      title: 'Cases by state',
      columns: [
        { label: 'State', header: 'state' },
        { label: 'Cases', header: 'cases', isNumber: true },
      ],
      rows: dashboard.byState.map((row) => [words(CASE_STATUS_NAMES[row.state]), count(row.count)]),
    },
    {
      key: 'departments',
      title: 'Cases by department',
      columns: [
        { label: 'Department', header: 'department' },
        { label: 'Open', header: 'open', isNumber: true },
        { label: 'Finished', header: 'finished', isNumber: true },
        { label: 'Overdue now', header: 'overdue', isNumber: true },
      ],
      rows: dashboard.byDepartment.map((row) => [
        words(row.departmentName),
        count(row.open),
        count(row.finished),
        count(row.overdue),
      ]),
    },
    {
      key: 'answer-times',
      title: 'Time to acknowledge and to decide, in working days',
      columns: [
        { label: 'Answer', header: 'answer' },
        { label: 'Answers', header: 'answers', isNumber: true },
        { label: 'Median', header: 'median_working_days', isNumber: true },
        { label: '90th percentile', header: 'percentile_90_working_days', isNumber: true },
      ],
      rows: [
        answerRow('Acknowledge', dashboard.timeToAcknowledge),
        answerRow('Accept or decline', dashboard.timeToDecide),
      ],
    },
    {
      key: 'deadlines',
      title: 'Deadlines met',
      columns: [
        { label: 'Deadline', header: 'deadline' },
        { label: 'Ended', header: 'ended', isNumber: true },
        { label: 'Met on time', header: 'met_on_time', isNumber: true },
        { label: 'Met after an extension', header: 'met_after_extension', isNumber: true },
        { label: 'Missed', header: 'missed', isNumber: true },
        { label: 'Met', header: 'percent_met', isNumber: true },
      ],
      rows: dashboard.deadlines.map((row) => [
        words(row.kind === 'all' ? 'All deadlines' : DEADLINE_NAMES[row.kind]),
        count(row.ended),
        count(row.metOnTime),
        count(row.metAfterExtension),
        count(row.missed),
        percent(row.shareMet),
      ]),
    },
    {
      key: 'overdue',
      title: 'Overdue cases',
      columns: [
        { label: 'Case', header: 'reference' },
        { label: 'Title', header: 'title' },
        { label: 'Department', header: 'department' },
        { label: 'Deadline', header: 'deadline' },
        { label: 'Was due', header: 'due_on' },
        { label: 'Working days overdue', header: 'working_days_overdue', isNumber: true },
      ],
      totalRows: dashboard.overdue.length,
      rows: first(dashboard.overdue).map((row) => [
        words(row.reference, `/cases/${row.reference}`),
        words(row.title),
        words(row.departmentName),
        words(DEADLINE_NAMES[row.kind]),
        { value: row.dueOn, text: formatDay(row.dueOn) },
        count(row.workingDaysOverdue),
      ]),
    },
    {
      key: 'monthly',
      title: 'Resolved, verified and closed as not fixed, by month',
      columns: [
        { label: 'Month', header: 'month' },
        { label: 'Resolved', header: 'resolved', isNumber: true },
        { label: 'Verified', header: 'verified', isNumber: true },
        { label: 'Closed as not fixed', header: 'closed_not_fixed', isNumber: true },
      ],
      rows: dashboard.monthly.map((row) => [
        { value: row.month, text: monthName(row.month) },
        count(row.resolved),
        count(row.verified),
        count(row.closedNotFixed),
      ]),
    },
    {
      key: 'follow-up',
      title: 'Follow-up monitoring of resolved cases',
      columns: [
        { label: 'Case', header: 'reference' },
        { label: 'Title', header: 'title' },
        { label: 'State', header: 'state' },
        { label: 'Facilities', header: 'facilities', isNumber: true },
        { label: 'With a finding', header: 'facilities_with_finding', isNumber: true },
        { label: 'Improved or no longer reported', header: 'facilities_better', isNumber: true },
        { label: 'Result', header: 'result' },
      ],
      totalRows: dashboard.followUp.length,
      rows: first(dashboard.followUp).map((row) => [
        words(row.reference, `/cases/${row.reference}`),
        words(row.title),
        words(CASE_STATUS_NAMES[row.status]),
        count(row.standing.facilities),
        count(row.standing.recorded),
        count(row.standing.better),
        words(row.summary),
      ]),
    },
  ];
  if (dashboard.candidates) {
    tables.push({
      key: 'candidates',
      title: 'Proposed for escalation, without a case yet',
      columns: [
        { label: 'Cluster', header: 'cluster' },
        { label: 'Issues', header: 'issues', isNumber: true },
        { label: 'Facilities', header: 'facilities', isNumber: true },
        { label: 'Provinces', header: 'provinces', isNumber: true },
        { label: 'People affected', header: 'people_affected', isNumber: true },
        { label: 'Suggested department', header: 'suggested_department' },
      ],
      totalRows: dashboard.candidates.items.length,
      rows: first(dashboard.candidates.items).map((cluster) => [
        words(cluster.name, `/clusters/${cluster.id}`),
        count(cluster.issueCount),
        count(cluster.facilityCount),
        count(cluster.provinceCount),
        count(cluster.peopleAffected),
        words(cluster.suggestedDepartmentName),
      ]),
    });
  }
  return tables;
}
