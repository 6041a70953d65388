// Placeholder until the i15-deadlines branch lands with the administrators' setting.
import type { Db, Tx } from '../../../db/client.ts';
import { southAfricanCalendar, type WorkingCalendar } from '../../../domain/cases/working-days.ts';

export async function deadlineSettings(_db: Db | Tx) {
  return { acknowledgeWithin: 10, decideWithin: 10, planWithin: 30, declaredHolidays: [], version: 0 };
}

export async function workingCalendarOf(_db: Db | Tx): Promise<WorkingCalendar> {
  return southAfricanCalendar();
}
