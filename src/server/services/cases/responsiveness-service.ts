import type { Db } from '../../../db/client.ts';
import { responsivenessOf } from '../../../domain/cases/responsiveness.ts';
import { southAfricanCalendar } from '../../../domain/cases/working-days.ts';
import { todayInSouthAfrica } from '../../../lib/calendar-date.ts';
import { refreshingCache } from '../../../lib/refreshing-cache.ts';
import { ServiceError } from '../shared/service-error.ts';
import { caseFigureRows } from './case-figure-rows.ts';
import { deadlineSettings } from './deadline-settings-service.ts';

/**
 * Every department's responsiveness, for anyone (/departments): counted over every escalated case, public or
 * internal, since the figures are counts about the department and carry no case's text; drafts are no
 * department's yet. Five reads side by side, whatever the number of cases and departments: the cases, their
 * counted events and their deadlines, the departments and the settings (the calendar's declared holidays and
 * the minimum number of cases behind a figure).
 */
export async function departmentResponsiveness(db: Db, now = new Date()) {
  const [figureRows, departments, settings] = await Promise.all([
    caseFigureRows(db, { escalatedAt: { not: null } }),
    db.department.findMany({ select: { id: true, code: true, name: true } }),
    deadlineSettings(db),
  ]);
  // Sorted here, not by the database: SQLite and PostgreSQL collate names differently.
  departments.sort((a, b) => a.name.localeCompare(b.name, 'en-ZA'));
  const today = todayInSouthAfrica(now);
  const figures = responsivenessOf({
    departmentIds: departments.map((department) => department.id),
    cases: figureRows.cases,
    deadlines: figureRows.deadlines,
    today,
    calendar: southAfricanCalendar(settings.declaredHolidays),
    minimumCases: settings.minimumCasesPerFigure,
  });
  return {
    today,
    minimumCases: settings.minimumCasesPerFigure,
    /** Escalated cases, every department's together. */
    caseCount: figureRows.cases.length,
    /** By name, each with its figures. */
    departments: departments.map(({ code, name }, index) => ({ code, name, ...figures[index]! })),
  };
}

export type DepartmentResponsivenessFigures = Awaited<ReturnType<typeof departmentResponsiveness>>;

/** How long the public figures may lag, like the dashboard's. */
export const RESPONSIVENESS_MAX_AGE_MS = 30_000;

/**
 * departmentResponsiveness for pages, computed at most every 30 s per process: the comparison and every
 * department's page read the same computation, which reads every escalated case's counted events and deadlines.
 * The service itself, which the tests call, is never cached.
 */
export const recentDepartmentResponsiveness: (db: Db) => Promise<DepartmentResponsivenessFigures> = refreshingCache(
  (db: Db) => departmentResponsiveness(db),
  { maxAgeMs: RESPONSIVENESS_MAX_AGE_MS },
);

/**
 * One department's figures from the recent computation (/departments/<code>), or not found. A department added
 * since that computation gets fresh figures, rather than a 404 for up to 30 s.
 */
export async function recentResponsivenessOfDepartment(db: Db, code: string) {
  const oneOf = ({ departments, ...rest }: DepartmentResponsivenessFigures) => {
    const department = departments.find((row) => row.code === code);
    return department ? { ...rest, department } : null;
  };
  const recent = oneOf(await recentDepartmentResponsiveness(db));
  if (recent) return recent;
  const isKnown = (await db.department.count({ where: { code } })) > 0;
  const fresh = isKnown ? oneOf(await departmentResponsiveness(db)) : null;
  if (!fresh) throw new ServiceError('not_found', `There is no department with the code ${code}.`);
  return fresh;
}
