import type { MedianFigure, OnTimeFigure } from '../../domain/cases/responsiveness.ts';
import { formatCount } from '../format.ts';
import { percentText } from './dashboard-tables.ts';

/** How the public pages of departments (/departments, /departments/<code>) word their figures. */

/** "1 case", "25 cases". */
export const casesText = (count: number) => `${formatCount(count)} ${count === 1 ? 'case' : 'cases'}`;

/** Where a figure is withheld: "Not enough cases yet (3 of 10)". */
export const notEnoughText = (cases: number, minimum: number) =>
  `Not enough cases yet (${formatCount(cases)} of ${formatCount(minimum)})`;

/** A share with the cases behind it: "72% of 25 cases". */
export const shareText = (share: number, cases: number) => `${percentText(share)} of ${casesText(cases)}`;

/** "4.5 working days (25 cases)", or why there is no figure. */
export function medianText(figure: MedianFigure, minimum: number): string {
  if (figure.median === null) return notEnoughText(figure.cases, minimum);
  const days = figure.median.toLocaleString('en-ZA');
  return `${days} working ${figure.median === 1 ? 'day' : 'days'} (${casesText(figure.cases)})`;
}

/** The share met without an extension, "72% of 25 cases", or why there is no figure. */
export function onTimeText(figure: OnTimeFigure, minimum: number): string {
  return figure.shares ? shareText(figure.shares.metOnTime, figure.cases) : notEnoughText(figure.cases, minimum);
}

/** What an on-time figure leaves out: "and 8% after an extension"; nothing when none or withheld. */
export function afterExtensionText(figure: OnTimeFigure): string | null {
  const share = figure.shares?.metAfterExtension ?? 0;
  return share > 0 ? `and ${percentText(share)} after an extension` : null;
}
