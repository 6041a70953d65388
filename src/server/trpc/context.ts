import type { Db } from '../../db/client.ts';

/** Who is calling. Accounts come later; until then every caller is the public. */
export type Actor = { kind: 'public' };

export interface Context {
  db: Db;
  actor: Actor;
}

export function createContext(db: Db, actor: Actor = { kind: 'public' }): Context {
  return { db, actor };
}
