import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { dialectOf } from '../../../src/db/dialect.ts';
import { createAuth, type Auth } from '../../../src/server/auth/auth.ts';
import { resolveActor } from '../../../src/server/auth/resolve-actor.ts';
import { loadSeedData } from '../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../prisma/seed/seed.ts';
import { aUserWithPassword, cookiesFrom, TEST_PASSWORD, TEST_PUBLIC_URL } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

describeEachProvider('the actor behind a session cookie', (database) => {
  let db: Db;
  let counted: Db;
  let auth: Auth;
  /** The models and operations each query of the session check touched, in order. */
  const queries: string[] = [];

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    counted = db.$extends({
      query: {
        $allOperations: ({ model, operation, args, query }) => {
          queries.push(`${model}.${operation}`);
          return query(args);
        },
      },
    }) as unknown as Db;
    auth = createAuth({
      db: counted,
      provider: dialectOf(db).provider,
      secret: 'test-secret-'.padEnd(40, 'x'),
      publicUrl: TEST_PUBLIC_URL,
    });
  });

  async function cookieOf(email: string) {
    const response = await auth.api.signInEmail({ body: { email, password: TEST_PASSWORD }, asResponse: true });
    return new Headers({ cookie: cookiesFrom(response) });
  }

  it('reads the session and its account in one query, and a facilitator’s facilities in a second', async () => {
    const analyst = await aUserWithPassword(db, 'analyst');
    const analystCookie = await cookieOf(analyst.email);
    queries.length = 0;
    expect(await resolveActor(counted, auth, analystCookie, [])).toMatchObject({ kind: 'user', role: 'analyst' });
    expect(queries).toEqual(['Session.findFirst']);

    const facilities = await db.facility.findMany({ select: { id: true }, take: 2, orderBy: { id: 'asc' } });
    const facilitator = await aUserWithPassword(db, 'facilitator', { facilityIds: facilities.map((f) => f.id) });
    const facilitatorCookie = await cookieOf(facilitator.email);
    queries.length = 0;
    const actor = await resolveActor(counted, auth, facilitatorCookie, []);
    expect(actor).toMatchObject({ kind: 'user', role: 'facilitator' });
    expect(actor.kind === 'user' && actor.facilityIds.toSorted()).toEqual(facilities.map((f) => f.id).toSorted());
    expect(queries).toEqual(['Session.findFirst', 'FacilityAssignment.findMany']);
  });

  it('takes a deactivation, a role change and a department from the next request on', async () => {
    const [first, second] = await db.department.findMany({ take: 2, orderBy: { code: 'asc' } });
    const official = await aUserWithPassword(db, 'official', { departmentId: first!.id });
    const cookie = await cookieOf(official.email);
    await db.user.update({ where: { id: official.id }, data: { departmentId: second!.id } });
    expect(await resolveActor(db, auth, cookie, [])).toMatchObject({ departmentId: second!.id });
    await db.user.update({ where: { id: official.id }, data: { role: 'partner' } });
    expect(await resolveActor(db, auth, cookie, [])).toMatchObject({ role: 'partner' });
    await db.user.update({ where: { id: official.id }, data: { deactivatedAt: new Date() } });
    expect(await resolveActor(db, auth, cookie, [])).toEqual({ kind: 'public' });
  });

  it('asks a role that must use two-factor sign-in to set it up', async () => {
    const admin = await aUserWithPassword(db, 'admin');
    expect(await resolveActor(db, auth, await cookieOf(admin.email), ['admin'])).toMatchObject({
      mustEnrollTwoFactor: true,
    });
  });
});
