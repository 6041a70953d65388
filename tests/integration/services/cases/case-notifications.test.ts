import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import type { Mail } from '../../../../src/server/mail/templates.ts';
import { moveCase } from '../../../../src/server/services/cases/case-workflow-service.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { onSouthAfricanMorning as on, seededCaseWorld, type CaseWorld } from '../../../support/case-fixtures.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

const PUBLIC_URL = 'https://cbm.test.invalid';

describeEachProvider('notifications of case moves', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let otherAnalyst: SignedInActor;
  let saps: SignedInActor;
  let sapsColleague: SignedInActor;
  let sapsGone: SignedInActor;
  let sapsDemo: SignedInActor;
  let treasury: SignedInActor;
  let health: SignedInActor;
  let department: Record<string, string>;
  let world: CaseWorld;

  beforeAll(async () => {
    ({ db } = database());
    world = await seededCaseWorld(db, PUBLIC_URL);
    department = world.department;
    analyst = await anActorWithAccount(db, 'analyst');
    otherAnalyst = await anActorWithAccount(db, 'analyst');
    saps = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    sapsColleague = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    sapsGone = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    await db.user.update({ where: { id: sapsGone.userId }, data: { deactivatedAt: on('2026-01-01') } });
    sapsDemo = await anActorWithAccount(db, 'official', { departmentId: department.SAPS });
    await db.user.update({ where: { id: sapsDemo.userId }, data: { isDemo: true } });
    treasury = await anActorWithAccount(db, 'official', { departmentId: department.NT });
    health = await anActorWithAccount(db, 'official', { departmentId: department.NDOH });
  });

  const aCase = (date: string) => world.openTestCase(analyst, date);

  /** The notifications and queued mails written while `action` ran. */
  async function toldDuring(action: () => Promise<unknown>) {
    const [notificationsBefore, mailsBefore] = await Promise.all([
      db.notification.findMany({ select: { id: true } }),
      db.outboxMessage.findMany({ select: { id: true } }),
    ]);
    await action();
    const notifications = await db.notification.findMany({
      where: { id: { notIn: notificationsBefore.map((row) => row.id) } },
    });
    const mails = (await db.outboxMessage.findMany({ where: { id: { notIn: mailsBefore.map((row) => row.id) } } })).map(
      (message) => message.payload as unknown as Mail,
    );
    return { notifications, mails, userIds: notifications.map((row) => row.userId).sort() };
  }
  const ids = (...actors: SignedInActor[]) => actors.map((actor) => actor.userId).sort();
  const emailOf = async (actor: SignedInActor) =>
    (await db.user.findUniqueOrThrow({ where: { id: actor.userId } })).email;

  it("tells the owning department's active officials, by mail and on their page, when a case is escalated", async () => {
    let opened = { reference: '' };
    const told = await toldDuring(async () => (opened = await aCase('2026-04-02')));
    // A demo account is told on its page, but not mailed: its address does not exist.
    expect(told.userIds).toEqual(ids(saps, sapsColleague, sapsDemo));
    expect(told.notifications[0]).toMatchObject({
      kind: 'escalate',
      path: `/cases/${opened.reference}`,
      title: `Systemic case ${opened.reference} was escalated to South African Police Service by DPME`,
      readAt: null,
    });
    expect(told.mails.map((mail) => mail.to).sort()).toEqual(
      [await emailOf(saps), await emailOf(sapsColleague)].sort(),
    );
    const mail = told.mails[0]!;
    expect(mail.subject).toBe(told.notifications[0]!.title);
    expect(mail.text).toContain(`${PUBLIC_URL}/cases/${opened.reference}`);
    // What to do, with the acknowledge deadline (10 working days across Easter).
    expect(mail.text).toMatch(/acknowledge the case by 20 April 2026/);
  });

  it("tells DPME's active analysts of an acknowledgement, a question and a refusal", async () => {
    const opened = await aCase('2026-05-04');
    let version = opened.version;
    const step = async (
      actor: SignedInActor,
      move: 'acknowledge' | 'request_information' | 'answer_information' | 'decline',
      reason = '',
    ) => {
      return toldDuring(async () => {
        const input = { reference: opened.reference, move, version, reason };
        version = (await moveCase(db, actor, input, on('2026-05-05'), PUBLIC_URL)).version;
      });
    };
    const analysts = ids(analyst, otherAnalyst);
    const acknowledged = await step(saps, 'acknowledge');
    expect(acknowledged.userIds).toEqual(analysts);
    expect(acknowledged.mails[0]!.subject).toBe(
      `South African Police Service acknowledged systemic case ${opened.reference}`,
    );

    const asked = await step(saps, 'request_information', 'Which stations are affected?');
    expect(asked.userIds).toEqual(analysts);
    expect(asked.mails[0]!.text).toContain('answer the question on the case page');
    expect(asked.mails[0]!.text).toContain('Which stations are affected?');

    // DPME's answer tells no one: the department sees its case back in its inbox.
    expect((await step(analyst, 'answer_information', 'Those in the report.')).userIds).toEqual([]);

    const declined = await step(sapsColleague, 'decline', 'Not ours: the state garage is Transport.');
    expect(declined.userIds).toEqual(analysts);
    expect(declined.notifications[0]!.body).toMatch(/escalate the case again .* or withdraw it/);
  });

  it("tells the new department's officials of a transfer, and the old one's nothing", async () => {
    const opened = await aCase('2026-06-01');
    const told = await toldDuring(() =>
      moveCase(
        db,
        saps,
        {
          reference: opened.reference,
          move: 'transfer',
          version: opened.version,
          reason: 'Treasury funds it.',
          targetDepartmentId: department.NT,
        },
        on('2026-06-02'),
        PUBLIC_URL,
      ),
    );
    expect(told.userIds).toEqual(ids(treasury));
    expect(told.notifications[0]!.title).toBe(
      `Systemic case ${opened.reference} was transferred to National Treasury by South African Police Service`,
    );
    expect(told.userIds).not.toContain(health.userId);
  });

  it('writes nothing when the move is refused: the notices share its transaction', async () => {
    const opened = await aCase('2026-07-01');
    const told = await toldDuring(() =>
      refusalOf(
        moveCase(
          db,
          saps,
          { reference: opened.reference, move: 'acknowledge', version: opened.version + 5 },
          on('2026-07-02'),
          PUBLIC_URL,
        ),
      ),
    );
    expect(told.notifications).toHaveLength(0);
    expect(told.mails).toHaveLength(0);
  });
});
