import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import type { Auth } from '../../../../src/server/auth/auth.ts';
import { signInWithPassword } from '../../../../src/server/services/accounts/sign-in-service.ts';
import {
  inviteUser,
  listUsers,
  setUserActive,
  updateUserAccess,
} from '../../../../src/server/services/accounts/user-service.ts';
import { aDepartment, aFacility } from '../../../fixtures/builders.ts';
import {
  actorOf,
  aUserWithPassword,
  cookiesFrom,
  TEST_PASSWORD,
  TEST_PUBLIC_URL,
  testAuth,
} from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('user administration', (database) => {
  let db: Db;
  let auth: Auth;
  let admin: SignedInActor;
  const signIn = (email: string, password = TEST_PASSWORD) =>
    signInWithPassword({ db, auth }, { email, password, address: '127.0.0.1', headers: new Headers() });
  beforeAll(async () => {
    ({ db } = database());
    auth = testAuth(db);
    const user = await aUserWithPassword(db, 'admin');
    admin = await actorOf(db, auth, cookiesFrom((await signIn(user.email)).response));
  });

  it('invites by mail: the link sets the first password once, and the person can sign in', async () => {
    const facility = await aFacility(db);
    const invited = await inviteUser(
      db,
      {
        email: 'New.Facilitator@Test.cbm-tracker.invalid',
        name: 'Nomsa Facilitator',
        role: 'facilitator',
        facilityIds: [facility.id],
      },
      admin,
      { publicUrl: TEST_PUBLIC_URL },
    );
    expect(invited.email).toBe('new.facilitator@test.cbm-tracker.invalid');
    const mails = (await db.outboxMessage.findMany()).map((message) => message.payload as { to: string; text: string });
    const text = mails.find((mail) => mail.to === invited.email)!.text;
    expect(text).toContain(`${admin.name} has given you an account on CBM Tracker as Facilitator`);
    const token = /reset-password\?token=([\w-]+)/.exec(text)![1]!;

    expect((await listUsers(db, { status: 'invited' })).items.map((u) => u.email)).toContain(invited.email);
    const set = await auth.api.resetPassword({
      body: { newPassword: 'my first real password', token },
      asResponse: true,
    });
    expect(set.status).toBe(200);
    expect(
      (await auth.api.resetPassword({ body: { newPassword: 'my second try here', token }, asResponse: true })).status,
    ).toBe(400);
    const signedIn = await signIn(invited.email, 'my first real password');
    const actor = await actorOf(db, auth, cookiesFrom(signedIn.response));
    expect(actor).toMatchObject({ role: 'facilitator', facilityIds: [facility.id] });
    expect(
      await db.auditEvent.count({ where: { entityId: invited.id, action: 'user.invited', actorId: admin.userId } }),
    ).toBe(1);
  });

  it('refuses a second account for the same address, and names the field', async () => {
    const existing = await aUserWithPassword(db, 'analyst');
    const error = await inviteUser(db, { email: existing.email, name: 'Someone Else', role: 'analyst' }, admin, {
      publicUrl: TEST_PUBLIC_URL,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_input',
      details: { fields: { email: `There is already an account for ${existing.email}.` } },
    });
  });

  it('changes role and scope, refusing an edit made on a stale copy', async () => {
    const department = await aDepartment(db);
    const user = await aUserWithPassword(db, 'analyst');
    const seen = user.updatedAt.toISOString();
    await updateUserAccess(
      db,
      { userId: user.id, role: 'official', departmentId: department.id, expectedUpdatedAt: seen },
      admin,
    );
    const stale = await updateUserAccess(
      db,
      { userId: user.id, role: 'partner', expectedUpdatedAt: seen },
      admin,
    ).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'stale_version', message: expect.stringMatching(/changed by someone else/) });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      role: 'official',
      departmentId: department.id,
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: 'user.access_changed' } });
    expect(event.changes).toMatchObject({
      from: { role: 'analyst' },
      to: { role: 'official', departmentId: department.id },
    });
  });

  it('refuses an official without a department', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const error = await updateUserAccess(
      db,
      { userId: user.id, role: 'official', expectedUpdatedAt: user.updatedAt.toISOString() },
      admin,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_input',
      details: { fields: { departmentId: 'Choose the department this official works for.' } },
    });
  });

  it('ends every session of a deactivated account at once, and lets it back in when reactivated', async () => {
    const user = await aUserWithPassword(db, 'analyst');
    const cookies = [
      cookiesFrom((await signIn(user.email)).response),
      cookiesFrom((await signIn(user.email)).response),
    ];
    await setUserActive(db, { userId: user.id, active: false, reason: 'left the department' }, admin);
    for (const cookie of cookies) await expect(actorOf(db, auth, cookie)).rejects.toThrow(/does not sign anyone in/);
    expect((await listUsers(db, { status: 'deactivated' })).items.map((u) => u.id)).toContain(user.id);
    await setUserActive(db, { userId: user.id, active: true }, admin);
    expect((await signIn(user.email)).outcome).toBe('signed_in');
  });

  it('does not let administrators deactivate or demote themselves', async () => {
    await expect(setUserActive(db, { userId: admin.userId, active: false }, admin)).rejects.toMatchObject({
      code: 'refused',
    });
    const me = await db.user.findUniqueOrThrow({ where: { id: admin.userId } });
    await expect(
      updateUserAccess(
        db,
        { userId: admin.userId, role: 'analyst', expectedUpdatedAt: me.updatedAt.toISOString() },
        admin,
      ),
    ).rejects.toMatchObject({ code: 'refused' });
  });
});
