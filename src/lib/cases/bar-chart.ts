/**
 * A horizontal bar chart's drawing, worked out on the server for an <svg> (BarChart.astro). Each row is a
 * label on its own line with a bar per series under it, so that long department names and small screens
 * need no rotated text: the chart is CHART_WIDTH units wide and scales to its box, about one unit a pixel
 * on a 390 px phone.
 */

export const CHART_WIDTH = 360;
const FONT_SIZE = 13;
const LABEL_HEIGHT = 18;
const BAR_HEIGHT = 14;
const BAR_GAP = 4;
const ROW_GAP = 10;
/** Room after the longest bar for its figure. */
const FIGURE_ROOM = 64;
/** About this many characters of a label fit the width at FONT_SIZE; longer ones end in "…". */
const LABEL_CHARACTERS = 50;

export interface ChartRow {
  label: string;
  /** One value per series. */
  values: readonly number[];
  /** One figure per series, as the bar's end shows it ("87.5%"); the values by default. */
  figures?: readonly string[];
}

export interface ChartInput {
  /** The series' names, for the legend; one series needs none. */
  series: readonly string[];
  rows: readonly ChartRow[];
  /** The value a full bar stands for (100 for percentages); the largest value by default. */
  scaleMax?: number;
}

export interface ChartText {
  x: number;
  y: number;
  text: string;
}

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  series: number;
}

export interface ChartDrawing {
  width: number;
  height: number;
  fontSize: number;
  legend: { x: number; y: number; size: number; series: number; label: ChartText }[];
  labels: (ChartText & { full: string })[];
  bars: ChartBar[];
  figures: ChartText[];
}

const shortened = (label: string) =>
  label.length > LABEL_CHARACTERS ? `${label.slice(0, LABEL_CHARACTERS - 1).trimEnd()}…` : label;

export function drawBarChart(input: ChartInput): ChartDrawing {
  const largest = Math.max(0, ...input.rows.flatMap((row) => row.values));
  const scaleMax = input.scaleMax ?? largest;
  const barRoom = CHART_WIDTH - FIGURE_ROOM;
  const widthOf = (value: number) => (scaleMax > 0 ? Math.max(0, (Math.min(value, scaleMax) / scaleMax) * barRoom) : 0);
  const drawing: ChartDrawing = {
    width: CHART_WIDTH,
    height: 0,
    fontSize: FONT_SIZE,
    legend: [],
    labels: [],
    bars: [],
    figures: [],
  };
  let y = 0;
  if (input.series.length > 1) {
    input.series.forEach((name, series) => {
      drawing.legend.push({
        x: 0,
        y: y + 2,
        size: BAR_HEIGHT - 2,
        series,
        label: { x: BAR_HEIGHT + 4, y: y + FONT_SIZE, text: name },
      });
      y += LABEL_HEIGHT;
    });
    y += ROW_GAP;
  }
  for (const row of input.rows) {
    drawing.labels.push({ x: 0, y: y + FONT_SIZE, text: shortened(row.label), full: row.label });
    y += LABEL_HEIGHT;
    row.values.forEach((value, series) => {
      const width = widthOf(value);
      drawing.bars.push({ x: 0, y, width, height: BAR_HEIGHT, series });
      drawing.figures.push({ x: width + 4, y: y + BAR_HEIGHT - 2, text: row.figures?.[series] ?? String(value) });
      y += BAR_HEIGHT + BAR_GAP;
    });
    y += ROW_GAP;
  }
  drawing.height = Math.max(y - ROW_GAP, 1);
  return drawing;
}
