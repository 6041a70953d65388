import type { Db } from '../../../db/client.ts';

/**
 * The version of a scope's data, which triggers move on every write to its tables ("public": the tables in
 * src/server/http/public-page-cache.ts). A missing row (never after the migrations) reads as NaN, which equals
 * nothing, so no copy made under it is reused.
 */
export async function readDataVersion(db: Db, scope: 'public'): Promise<number> {
  return (await db.dataVersion.findUnique({ where: { scope } }))?.version ?? Number.NaN;
}
