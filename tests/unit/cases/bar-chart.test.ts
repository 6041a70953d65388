import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, drawBarChart } from '../../../src/lib/cases/bar-chart.ts';
import {
  dashboardTables,
  monthName,
  percentText,
  rowsLeftOf,
  SHOWN_ROWS,
} from '../../../src/lib/cases/dashboard-tables.ts';

describe('the dashboard’s bar charts', () => {
  it('scales bars to the largest value and leaves room for each figure within the width', () => {
    const drawing = drawBarChart({
      series: ['Open'],
      rows: [
        { label: 'South African Police Service', values: [5] },
        { label: 'National Treasury', values: [1] },
      ],
    });
    expect(drawing.legend).toEqual([]);
    expect(drawing.bars.map((bar) => bar.width)).toEqual([296, 296 / 5]);
    expect(Math.max(...drawing.figures.map((figure) => figure.x))).toBeLessThan(CHART_WIDTH);
    expect(drawing.height).toBeGreaterThan(Math.max(...drawing.bars.map((bar) => bar.y + bar.height)) - 1);
  });

  it('draws a legend for several series, zero-width bars for nothing, and shortens long labels', () => {
    const label = 'Department of Cooperative Governance and Traditional Affairs, Eastern Cape';
    const drawing = drawBarChart({
      series: ['Median', '90th percentile'],
      rows: [{ label, values: [0, 0], figures: ['none', 'none'] }],
    });
    expect(drawing.legend.map((entry) => entry.label.text)).toEqual(['Median', '90th percentile']);
    expect(drawing.bars.map((bar) => bar.width)).toEqual([0, 0]);
    expect(drawing.figures.map((figure) => figure.text)).toEqual(['none', 'none']);
    expect(drawing.labels[0]!.full).toBe(label);
    expect(drawing.labels[0]!.text).toMatch(/…$/);
    expect(drawing.labels[0]!.text.length).toBeLessThanOrEqual(50);
  });
});

describe('the dashboard’s tables', () => {
  it('writes percentages and months as South Africans read them', () => {
    expect(percentText(7 / 9)).toBe('77,8%');
    expect(percentText(1)).toBe('100%');
    expect(monthName('2026-04')).toBe('Apr 2026');
  });

  it('shows a missing median in words and leaves the CSV cell empty', () => {
    const none = { count: 0, median: null, percentile90: null };
    const tables = dashboardTables({
      byState: [],
      byDepartment: [],
      timeToAcknowledge: none,
      timeToDecide: { count: 2, median: 2.5, percentile90: 3 },
      deadlines: [],
      overdue: [],
      monthly: [],
      followUp: [],
      candidates: null,
    } as unknown as Parameters<typeof dashboardTables>[0]);
    expect(tables.map((table) => table.key)).toEqual([
      'states',
      'departments',
      'answer-times',
      'deadlines',
      'overdue',
      'monthly',
      'follow-up',
    ]);
    const answers = tables.find((table) => table.key === 'answer-times')!;
    expect(answers.rows.map((row) => row.map((cell) => cell.value))).toEqual([
      ['Acknowledge', 0, '', ''],
      ['Accept or decline', 2, 2.5, 3],
    ]);
    expect(answers.rows[0]![2]!.text).toBe('None measured');
    expect(answers.rows[1]![2]!.text).toBe('2,5');
  });

  it('holds the first rows of the long tables when asked, and says how many it leaves to the download', () => {
    const overdue = Array.from({ length: SHOWN_ROWS + 7 }, (_, index) => ({
      reference: `SC-2026-${String(index).padStart(4, '0')}`,
      title: 'Vans wait months for repair',
      departmentName: 'South African Police Service',
      kind: 'acknowledge',
      dueOn: '2026-11-02',
      workingDaysOverdue: index,
    }));
    const dashboard = {
      byState: [],
      byDepartment: [],
      timeToAcknowledge: { count: 0, median: null, percentile90: null },
      timeToDecide: { count: 0, median: null, percentile90: null },
      deadlines: [],
      overdue,
      monthly: [],
      followUp: [],
      candidates: null,
    } as unknown as Parameters<typeof dashboardTables>[0];
    const whole = dashboardTables(dashboard).find((table) => table.key === 'overdue')!;
    expect(whole.rows).toHaveLength(SHOWN_ROWS + 7);
    expect(rowsLeftOf(whole)).toBe(0);
    const page = dashboardTables(dashboard, { rowsAtMost: SHOWN_ROWS }).find((table) => table.key === 'overdue')!;
    expect(page.rows).toEqual(whole.rows.slice(0, SHOWN_ROWS));
    expect(rowsLeftOf(page)).toBe(7);
  });
});
