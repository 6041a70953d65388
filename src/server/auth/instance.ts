import { dialectOf } from '../../db/dialect.ts';
import { env } from '../../lib/env.ts';
import { getDatabase } from '../database.ts';
import { createAuth, type Auth } from './auth.ts';
import { resolveAuthSecret } from './secret.ts';

let instance: Promise<Auth> | undefined;

/** The web process's better-auth instance, on the same database client as everything else. */
export { MIN_PASSWORD_LENGTH } from './auth.ts';

export function getAuth(): Promise<Auth> {
  instance ??= (async () => {
    const db = await getDatabase();
    const { AUTH_SECRET, PUBLIC_URL } = env();
    const secret = await resolveAuthSecret(db, AUTH_SECRET);
    return createAuth({ db, provider: dialectOf(db).provider, secret, publicUrl: PUBLIC_URL });
  })();
  return instance;
}
