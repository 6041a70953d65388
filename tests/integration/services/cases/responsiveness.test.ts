import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { moveCase, type MoveCaseInput } from '../../../../src/server/services/cases/case-workflow-service.ts';
import {
  deadlineSettings,
  setDeadlineSettings,
} from '../../../../src/server/services/cases/deadline-settings-service.ts';
import {
  departmentResponsiveness,
  recentDepartmentResponsiveness,
  recentResponsivenessOfDepartment,
} from '../../../../src/server/services/cases/responsiveness-service.ts';
import { aDepartment } from '../../../fixtures/builders.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { onSouthAfricanMorning as on, seededCaseWorld } from '../../../support/case-fixtures.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const PUBLIC_URL = 'https://cbm.test';
const TODAY = on('2026-06-22');

/*
 * Four cases escalated on Mon 1 June 2026 to a department of the test's own (the seeded cases are other
 * departments'), their acknowledgements due on Mon 15 June; 16 June is Youth Day:
 * - P: acknowledged Wed 3 June (2 working days), accepted Fri 5 June (4).
 * - Q: its deadline extended to Fri 19 June, acknowledged Wed 17 June (11): met only thanks to the extension.
 * - R: acknowledged Tue 2 June (1); a question on Wed 3 June, answered Fri 5 June (2 paused days); accepted
 *   Wed 10 June (7 working days, less 2: 5).
 * - S: never acknowledged: overdue on 22 June.
 * And a draft, which no department has received yet.
 */
describeEachProvider('the departments’ public responsiveness', (database) => {
  let db: Db;
  let admin: SignedInActor;
  let departmentId: string;
  let departmentCode: string;

  beforeAll(async () => {
    ({ db } = database());
    const { openTestCase } = await seededCaseWorld(db, PUBLIC_URL);
    const department = await aDepartment(db, { name: 'Department of Quick Answers' });
    ({ id: departmentId, code: departmentCode } = department);
    admin = await anActorWithAccount(db, 'admin');
    const analyst = await anActorWithAccount(db, 'analyst');
    const official = await anActorWithAccount(db, 'official', { departmentId });

    async function aCase(moves: [SignedInActor, Omit<MoveCaseInput, 'reference' | 'version'>, string][]) {
      const opened = await openTestCase(analyst, '2026-06-01', { owningDepartmentId: departmentId });
      let version = opened.version;
      for (const [actor, move, date] of moves) {
        version = (await moveCase(db, actor, { reference: opened.reference, version, ...move }, on(date), PUBLIC_URL))
          .version;
      }
    }
    await aCase([
      [official, { move: 'acknowledge' }, '2026-06-03'],
      [official, { move: 'accept' }, '2026-06-05'],
    ]);
    await aCase([
      [
        analyst,
        { move: 'extend_deadline', newDueOn: '2026-06-19', reason: 'The department asked for a week' },
        '2026-06-12',
      ],
      [official, { move: 'acknowledge' }, '2026-06-17'],
    ]);
    await aCase([
      [official, { move: 'acknowledge' }, '2026-06-02'],
      [official, { move: 'request_information', reason: 'Which stations?' }, '2026-06-03'],
      [analyst, { move: 'answer_information', reason: 'Those in the evidence.' }, '2026-06-05'],
      [official, { move: 'accept' }, '2026-06-10'],
    ]);
    await aCase([]);
    await openTestCase(analyst, '2026-06-01', { owningDepartmentId: departmentId, escalate: false });
  });

  const ours = async () => {
    const figures = await departmentResponsiveness(db, TODAY);
    return { ...figures, ours: figures.departments.find((row) => row.departmentId === departmentId)! };
  };

  it('withholds shares and medians with fewer cases behind them than the minimum, and counts internal cases', async () => {
    const { ours: department, minimumCases, today } = await ours();
    expect(today).toBe('2026-06-22');
    expect(minimumCases).toBe(10);
    expect(department).toMatchObject({
      code: departmentCode,
      name: 'Department of Quick Answers',
      received: 4,
      acknowledged: { cases: 3, shares: null },
      decided: { cases: 2, shares: null },
      daysToAcknowledge: { cases: 3, median: null },
      daysToDecide: { cases: 2, median: null },
      open: 4,
      overdue: 1,
      verified: 0,
    });
  });

  it('shows them, the extension apart and the paused days left out, once the administrator lowers the minimum', async () => {
    await setDeadlineSettings(db, admin, { ...(await deadlineSettings(db)), minimumCasesPerFigure: 2 });
    const { ours: department, minimumCases } = await ours();
    expect(minimumCases).toBe(2);
    expect(department.acknowledged).toEqual({
      cases: 3,
      shares: { metOnTime: 2 / 3, metAfterExtension: 1 / 3, missed: 0 },
    });
    expect(department.decided).toEqual({ cases: 2, shares: { metOnTime: 1, metAfterExtension: 0, missed: 0 } });
    expect(department.daysToAcknowledge).toEqual({ cases: 3, median: 2 });
    expect(department.daysToDecide).toEqual({ cases: 2, median: 4.5 });
  });

  it('gives every department, by name, those without a case with zeros', async () => {
    const { departments, caseCount } = await departmentResponsiveness(db, TODAY);
    expect(departments).toHaveLength(await db.department.count());
    const names = departments.map((row) => row.name);
    expect(names).toEqual(names.toSorted((a, b) => a.localeCompare(b, 'en-ZA')));
    expect(caseCount).toBe(await db.systemicCase.count({ where: { escalatedAt: { not: null } } }));
    const treasury = departments.find((row) => row.code === 'NT')!;
    expect(treasury).toMatchObject({ received: 0, open: 0, daysToAcknowledge: { cases: 0, median: null } });
  });

  it('gives pages the figures of the last 30 seconds, a department added since with fresh figures, and says an unknown code is not found', async () => {
    const first = await recentDepartmentResponsiveness(db);
    expect(await recentDepartmentResponsiveness(db)).toBe(first);
    const added = await aDepartment(db, { name: 'Department added since' });
    expect((await recentResponsivenessOfDepartment(db, added.code)).department).toMatchObject({
      name: 'Department added since',
      received: 0,
    });
    expect((await recentResponsivenessOfDepartment(db, departmentCode)).department.received).toBe(4);
    expect(await refusalOf(recentResponsivenessOfDepartment(db, 'NO-SUCH-DEPARTMENT'))).toMatchObject({
      code: 'not_found',
      message: 'There is no department with the code NO-SUCH-DEPARTMENT.',
    });
  });
});
