import type { Db } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { DashboardCase, DashboardDeadline, DashboardEvent } from '../../../domain/cases/dashboard-figures.ts';
import type { DeadlineKind } from '../../../domain/cases/deadlines.ts';
import { todayInSouthAfrica, toCalendarDate } from '../../../lib/calendar-date.ts';

/** The events the figures read: hand-overs, pauses, answers and the ends of the monthly counts. */
const COUNTED_EVENT_KINDS = [
  'escalate',
  'escalate_again',
  'transfer',
  'request_information',
  'answer_information',
  'acknowledge',
  'accept',
  'decline',
  'withdraw',
  'resolve',
  'verify',
  'close_not_fixed',
];

/**
 * The cases in `scope` with their counted events and their deadlines, as the pure figures read them (the KSA 3
 * dashboard's and the departments' public responsiveness): three reads, side by side, whatever the number of
 * cases. `rows` are the cases as read, for what else a caller needs of them.
 */
export async function caseFigureRows(db: Db, scope: Prisma.SystemicCaseWhereInput) {
  const [rows, events, deadlines] = await Promise.all([
    db.systemicCase.findMany({
      where: scope,
      select: {
        id: true,
        reference: true,
        title: true,
        status: true,
        owningDepartmentId: true,
        createdAt: true,
        escalatedAt: true,
      },
    }),
    db.caseEvent.findMany({
      where: { case: scope, kind: { in: COUNTED_EVENT_KINDS } },
      orderBy: [{ createdAt: 'asc' }, { version: 'asc' }],
      select: { caseId: true, kind: true, createdAt: true, actorDepartmentId: true },
    }),
    db.caseDeadline.findMany({
      where: { case: scope },
      select: {
        caseId: true,
        kind: true,
        departmentId: true,
        startedOn: true,
        dueOn: true,
        originalDueOn: true,
        pausedOn: true,
        pausedWorkingDays: true,
        extensions: true,
        endedOn: true,
        outcome: true,
      },
    }),
  ]);

  const eventsByCase = new Map<string, DashboardEvent[]>();
  for (const event of events) {
    const list = eventsByCase.get(event.caseId) ?? [];
    list.push({ kind: event.kind, on: todayInSouthAfrica(event.createdAt), departmentId: event.actorDepartmentId });
    eventsByCase.set(event.caseId, list);
  }
  const cases: DashboardCase[] = rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    title: row.title,
    status: row.status,
    owningDepartmentId: row.owningDepartmentId,
    escalatedOn: todayInSouthAfrica(row.escalatedAt ?? row.createdAt),
    events: eventsByCase.get(row.id) ?? [],
  }));
  const dateOf = (date: Date | null) => (date ? toCalendarDate(date) : null);
  return {
    rows,
    cases,
    deadlines: deadlines.map((row): DashboardDeadline => ({
      caseId: row.caseId,
      kind: row.kind as DeadlineKind,
      departmentId: row.departmentId,
      startedOn: toCalendarDate(row.startedOn),
      dueOn: toCalendarDate(row.dueOn),
      originalDueOn: toCalendarDate(row.originalDueOn),
      pausedOn: dateOf(row.pausedOn),
      pausedWorkingDays: row.pausedWorkingDays,
      extensions: row.extensions,
      endedOn: dateOf(row.endedOn),
      outcome: row.outcome,
    })),
  };
}
