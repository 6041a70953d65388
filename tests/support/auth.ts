import type { Db } from '../../src/db/client.ts';
import { dialectOf } from '../../src/db/dialect.ts';
import { createAuth, type Auth } from '../../src/server/auth/auth.ts';
import { resolveActor } from '../../src/server/auth/resolve-actor.ts';
import type { SignedInActor } from '../../src/domain/accounts/actor.ts';
import type { Role } from '../../src/domain/accounts/roles.ts';
import { createUserWithPassword } from '../../src/server/services/accounts/user-service.ts';

export const TEST_PUBLIC_URL = 'http://localhost:4321';
export const TEST_PASSWORD = 'correct horse battery staple';

export function testAuth(db: Db): Auth {
  return createAuth({
    db,
    provider: dialectOf(db).provider,
    secret: 'test-secret-'.padEnd(40, 'x'),
    publicUrl: TEST_PUBLIC_URL,
  });
}

let sequence = 0;

/** A user with a password, created as `npm run user:create` would. */
export async function aUserWithPassword(
  db: Db,
  role: Role,
  overrides: {
    departmentId?: string | null;
    facilityIds?: string[];
    email?: string;
    name?: string;
    isDemo?: boolean;
  } = {},
) {
  sequence += 1;
  return createUserWithPassword(
    db,
    {
      email: overrides.email ?? `${role}-${sequence}-${Date.now()}@test.cbm-tracker.invalid`,
      name: overrides.name ?? `Test ${role} ${sequence}`,
      role,
      password: TEST_PASSWORD,
      departmentId: overrides.departmentId ?? null,
      facilityIds: overrides.facilityIds ?? [],
      isDemo: overrides.isDemo ?? false,
    },
    { userId: null, label: 'test' },
  );
}

/** A signed-in actor of the role, backed by a real account (audit events and import runs refer to it). */
export async function anActorWithAccount(
  db: Db,
  role: Role,
  overrides: Parameters<typeof aUserWithPassword>[2] = {},
): Promise<SignedInActor> {
  const user = await aUserWithPassword(db, role, overrides);
  return {
    kind: 'user',
    userId: user.id,
    name: user.name,
    role,
    departmentId: user.departmentId,
    facilityIds: [],
    isDemo: false,
    mustEnrollTwoFactor: false,
  };
}

/** The Cookie header a browser would send back after this response. */
export function cookiesFrom(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
  for (const cookie of response.headers.getSetCookie()) {
    const [pair = ''] = cookie.split(';');
    const index = pair.indexOf('=');
    const [name, value] = [pair.slice(0, index), pair.slice(index + 1)];
    if (value === '' || /max-age=0/i.test(cookie)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** The actor the middleware would resolve for a user, straight from the database. */
export async function actorOf(db: Db, auth: Auth, cookie: string, requiredRoles: Role[] = ['admin']) {
  const actor = await resolveActor(db, auth, new Headers({ cookie }), requiredRoles);
  if (actor.kind !== 'user') throw new Error('That cookie does not sign anyone in.');
  return actor satisfies SignedInActor;
}
