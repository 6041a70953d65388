import type { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import {
  DEADLINE_SETTINGS_FIELD_LABELS,
  DEFAULT_DEADLINE_SETTINGS,
  DeadlineSettingsSchema,
  declaredHolidayLine,
  type DeadlineSettings,
} from '../../../domain/cases/deadline-settings.ts';
import { southAfricanCalendar, type WorkingCalendar } from '../../../domain/cases/working-days.ts';
import { historyOf } from '../audit/audit-history.ts';
import { recordAudit } from '../audit/audit.ts';
import { ServiceError } from '../shared/service-error.ts';
import { changedFieldNames, editNote, staleVersionError } from '../shared/versioned-edit.ts';

export type { DeadlineSettings } from '../../../domain/cases/deadline-settings.ts';

const SETTINGS_KEY = 'cases.deadlines';
const TARGET = { entityType: 'case_deadlines', entityId: SETTINGS_KEY } as const;

/** The deadlines administrators have set (an app setting, so that every process agrees), or the defaults. */
export async function deadlineSettings(db: Db | Tx): Promise<DeadlineSettings & { version: number }> {
  const setting = await db.appSetting.findUnique({ where: { key: SETTINGS_KEY } });
  const parsed = setting ? DeadlineSettingsSchema.safeParse(JSON.parse(setting.value)) : null;
  return parsed?.success ? parsed.data : { ...DEFAULT_DEADLINE_SETTINGS, version: 0 };
}

/** The settings for their page: as they stand and their latest changes, newest first. */
export async function deadlineSettingsWithHistory(db: Db) {
  const [settings, history] = await Promise.all([deadlineSettings(db), historyOf(db, TARGET, 10)]);
  return { ...settings, history };
}

/** The working calendar deadlines are counted on: weekends and public holidays out, and the declared holidays. */
export async function workingCalendarOf(db: Db | Tx): Promise<WorkingCalendar> {
  return southAfricanCalendar((await deadlineSettings(db)).declaredHolidays);
}

/** The audit note shows declared holidays as the form's lines, so that each reads with its date. */
const asNoted = (settings: DeadlineSettings) => ({
  ...settings,
  declaredHolidays: settings.declaredHolidays.map(declaredHolidayLine),
});

/**
 * Administrators set how many working days each step of a case has, and declare one-off holidays. Deadlines
 * already shown follow on the next reading. Refused when someone changed the settings after `version` was read.
 */
export async function setDeadlineSettings(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof DeadlineSettingsSchema>,
): Promise<DeadlineSettings & { version: number }> {
  if (actor.role !== 'admin') throw new ServiceError('forbidden', 'Only administrators change the case deadlines.');
  const { version: seenVersion, ...settings } = DeadlineSettingsSchema.parse(input);
  return db.$transaction(async (tx) => {
    const { version, ...before } = await deadlineSettings(tx);
    if (version !== seenVersion)
      throw await staleVersionError(tx, { ...TARGET, noun: 'deadline setting' }, seenVersion);
    const changed = changedFieldNames(before, settings, DEADLINE_SETTINGS_FIELD_LABELS);
    if (changed.length === 0) return { ...settings, version };
    const stored = JSON.stringify({ ...settings, version: version + 1 });
    await tx.appSetting.upsert({
      where: { key: SETTINGS_KEY },
      create: { key: SETTINGS_KEY, value: stored },
      update: { value: stored },
    });
    await recordAudit(tx, actor, {
      ...TARGET,
      action: 'case_deadlines.changed',
      changes: editNote(version + 1, changed, DEADLINE_SETTINGS_FIELD_LABELS, asNoted(before), asNoted(settings)),
    });
    return { ...settings, version: version + 1 };
  });
}
