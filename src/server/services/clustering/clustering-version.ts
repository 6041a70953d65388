import type { Db, Tx } from '../../../db/client.ts';

/** Moves on with every run and every analyst's decision; a process's placement cache is rebuilt when it does. */
export const CLUSTERING_VERSION_KEY = 'clustering.version';

export async function clusteringVersion(db: Db | Tx): Promise<number> {
  const setting = await db.appSetting.findUnique({ where: { key: CLUSTERING_VERSION_KEY } });
  return setting ? Number(setting.value) : 0;
}

export async function bumpClusteringVersion(tx: Tx): Promise<void> {
  const current = await clusteringVersion(tx);
  await tx.appSetting.upsert({
    where: { key: CLUSTERING_VERSION_KEY },
    create: { key: CLUSTERING_VERSION_KEY, value: String(current + 1) },
    update: { value: String(current + 1) },
  });
}
