import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { addWorkingDays } from '../../../../src/domain/cases/working-days.ts';
import {
  deadlineSettings,
  deadlineSettingsWithHistory,
  setDeadlineSettings,
  workingCalendarOf,
} from '../../../../src/server/services/cases/deadline-settings-service.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const ELECTION_DAY = { date: '2016-08-03', name: 'Local government elections' };

describeEachProvider('the case deadlines administrators set', (database) => {
  let db: Db;
  let admin: SignedInActor;

  beforeAll(async () => {
    ({ db } = database());
    admin = await anActorWithAccount(db, 'admin');
  });

  it('starts at 10, 10 and 30 working days with no declared holiday, and nothing in the history', async () => {
    expect(await deadlineSettings(db)).toEqual({
      acknowledgeWithin: 10,
      decideWithin: 10,
      planWithin: 30,
      declaredHolidays: [],
      followUpCoverage: 50,
      minimumCasesPerFigure: 10,
      version: 0,
    });
    expect((await deadlineSettingsWithHistory(db)).history.events).toEqual([]);
    expect(addWorkingDays(await workingCalendarOf(db), '2016-08-02', 1)).toBe('2016-08-03');
  });

  it('saves a change, audits it with the fields it changed, and counts the declared holiday out', async () => {
    const saved = await setDeadlineSettings(db, admin, {
      acknowledgeWithin: 5,
      decideWithin: 10,
      planWithin: 30,
      declaredHolidays: [ELECTION_DAY],
      version: 0,
    });
    expect(saved).toEqual({
      acknowledgeWithin: 5,
      decideWithin: 10,
      planWithin: 30,
      declaredHolidays: [ELECTION_DAY],
      followUpCoverage: 50,
      minimumCasesPerFigure: 10,
      version: 1,
    });
    expect(await deadlineSettings(db)).toEqual(saved);
    expect(addWorkingDays(await workingCalendarOf(db), '2016-08-02', 1)).toBe('2016-08-04');

    const { history } = await deadlineSettingsWithHistory(db);
    expect(history.events).toHaveLength(1);
    expect(history.events[0]).toMatchObject({
      action: 'case_deadlines.changed',
      actorId: admin.userId,
      changes: {
        version: 1,
        fields: ['days to acknowledge', 'declared holidays'],
        from: { acknowledgeWithin: 10, declaredHolidays: [] },
        to: { acknowledgeWithin: 5, declaredHolidays: ['2016-08-03 Local government elections'] },
      },
    });
    expect(history.records['cases.deadlines']).toEqual({
      name: 'The case deadlines',
      href: '/admin/deadlines',
    });
  });

  it('writes nothing when nothing changed', async () => {
    const current = await deadlineSettings(db);
    expect(await setDeadlineSettings(db, admin, current)).toEqual(current);
    expect(await db.auditEvent.count({ where: { action: 'case_deadlines.changed' } })).toBe(1);
  });

  it('refuses a save made on a stale copy, saying who changed what', async () => {
    const refusal = await refusalOf(
      setDeadlineSettings(db, admin, {
        acknowledgeWithin: 10,
        decideWithin: 10,
        planWithin: 20,
        declaredHolidays: [],
        version: 0,
      }),
    );
    expect(refusal).toMatchObject({
      code: 'stale_version',
      message: expect.stringMatching(
        /^Someone saved this deadline setting after you opened it.*changed the days to acknowledge, declared holidays/,
      ),
    });
    expect((await deadlineSettings(db)).planWithin).toBe(30);
  });

  it('refuses everyone but administrators', async () => {
    const current = await deadlineSettings(db);
    for (const role of ['analyst', 'facilitator', 'official', 'partner'] as const) {
      const refusal = await refusalOf(setDeadlineSettings(db, aUser(role), { ...current, planWithin: 20 }));
      expect(refusal).toMatchObject({ code: 'forbidden', message: 'Only administrators change the case deadlines.' });
    }
    expect(await deadlineSettings(db)).toEqual(current);
  });

  it('refuses bad values with each field’s instruction', async () => {
    const current = await deadlineSettings(db);
    const attempt = setDeadlineSettings(db, admin, {
      ...current,
      decideWithin: 0,
      planWithin: 2.5,
      declaredHolidays: [ELECTION_DAY, { date: '2016-08-03', name: 'Elections' }, { date: '2019-02-29', name: 'No' }],
    });
    await expect(attempt).rejects.toMatchObject({
      issues: [
        expect.objectContaining({ path: ['decideWithin'], message: 'The days to decide must be 1 or more' }),
        expect.objectContaining({
          path: ['planWithin'],
          message: 'Enter the days to plan a response as a whole number, for example 30',
        }),
        expect.objectContaining({ path: ['declaredHolidays', 1], message: '2016-08-03 is declared twice' }),
        expect.objectContaining({
          path: ['declaredHolidays', 2],
          message: '2019-02-29 is not a date: write it as year-month-day, for example 2016-08-03',
        }),
      ],
    });
    expect(await deadlineSettings(db)).toEqual(current);
  });

  it('takes a declared holiday out again, and the calendar counts the day once more', async () => {
    const current = await deadlineSettings(db);
    await setDeadlineSettings(db, admin, { ...current, declaredHolidays: [] });
    expect(addWorkingDays(await workingCalendarOf(db), '2016-08-02', 1)).toBe('2016-08-03');
    expect((await deadlineSettings(db)).version).toBe(current.version + 1);
  });

  it('saves the cases a public figure needs and audits the change in words', async () => {
    const current = await deadlineSettings(db);
    const saved = await setDeadlineSettings(db, admin, { ...current, minimumCasesPerFigure: 25 });
    expect(saved.minimumCasesPerFigure).toBe(25);
    expect((await deadlineSettings(db)).minimumCasesPerFigure).toBe(25);
    const { history } = await deadlineSettingsWithHistory(db);
    expect(history.events[0]?.changes).toMatchObject({
      fields: ['cases behind a department’s public figure'],
      from: { minimumCasesPerFigure: 10 },
      to: { minimumCasesPerFigure: 25 },
    });
  });
});
