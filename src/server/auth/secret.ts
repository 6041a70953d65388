import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';

const AUTH_SECRET_KEY = 'auth_secret';

/**
 * AUTH_SECRET when it is set; otherwise one generated on first use and kept in the database, so
 * that every server process signs sessions with the same secret and a restart keeps people signed in.
 */
export async function resolveAuthSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const generated = randomBytes(32).toString('base64url');
  try {
    // update: {} keeps the secret that is already there.
    const setting = await db.appSetting.upsert({
      where: { key: AUTH_SECRET_KEY },
      create: { key: AUTH_SECRET_KEY, value: generated },
      update: {},
    });
    return setting.value;
  } catch {
    // Another process created it between our read and our insert: use theirs.
    const setting = await db.appSetting.findUniqueOrThrow({ where: { key: AUTH_SECRET_KEY } });
    return setting.value;
  }
}
