import { beforeAll, expect, it } from 'vitest';
import { loadSeedData } from '../../../../prisma/seed/load-seed-data.ts';
import { seedDatabase } from '../../../../prisma/seed/seed.ts';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { searchAllNeighbours } from '../../../../src/domain/clustering/cluster-records.ts';
import { loadSentenceEncoder, SENTENCE_DIMENSIONS } from '../../../../src/server/clustering/sentence-encoder.ts';
import { queueClusterRun } from '../../../../src/server/services/clustering/cluster-run-service.ts';
import { runDueClusterJobs } from '../../../../src/server/services/clustering/cluster-worker.ts';
import { ENCODER_ID, type EmbedTexts } from '../../../../src/server/services/clustering/issue-embedding-service.ts';
import { createLocalIssue, updateLocalIssue } from '../../../../src/server/services/capture/local-issue-service.ts';
import { anActorWithAccount } from '../../../support/auth.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('semantic clustering with the sentence encoder', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  /** The real encoder, counting the texts it is asked to embed. */
  const embedded: string[] = [];
  const embed: EmbedTexts = async (texts, onProgress) => {
    embedded.push(...texts);
    return (await loadSentenceEncoder()).embed(texts, onProgress);
  };
  const jobs = () => runDueClusterJobs(db, { search: searchAllNeighbours, embed });

  beforeAll(async () => {
    ({ db } = database());
    await seedDatabase(db, loadSeedData());
    analyst = await anActorWithAccount(db, 'analyst');
  });

  it('embeds every issue once in a semantic run, stores the vectors, and clusters by the blend', async () => {
    const { clusterRunId } = await queueClusterRun(db, analyst);
    await jobs();
    const run = await db.clusterRun.findUniqueOrThrow({ where: { id: clusterRunId } });
    expect(run).toMatchObject({ status: 'succeeded', isSemantic: true, issueCount: 185, embeddedCount: 185 });
    expect(run.clusterCount).toBeGreaterThan(3);
    expect(embedded).toHaveLength(185);
    const stored = await db.issueEmbedding.findMany();
    expect(stored).toHaveLength(185);
    for (const row of stored) {
      expect(row.encoder).toBe(ENCODER_ID);
      expect(row.vector.byteLength).toBe(SENTENCE_DIMENSIONS * 4);
    }
    const vector = new Float32Array(Uint8Array.from(stored[0]!.vector).buffer);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 4);

    embedded.length = 0;
    const again = await queueClusterRun(db, analyst);
    await jobs();
    expect(await db.clusterRun.findUniqueOrThrow({ where: { id: again.clusterRunId } })).toMatchObject({
      status: 'succeeded',
      embeddedCount: 185,
    });
    expect(embedded).toEqual([]);
  });

  it('embeds a new issue and an edited one after their commit, and only their texts', async () => {
    const model = await db.localIssue.findFirstOrThrow({ where: { clusterId: { not: null } }, orderBy: { id: 'asc' } });
    embedded.length = 0;
    const { id } = await createLocalIssue(db, analyst, {
      facilityId: model.facilityId,
      title: 'The police van has been at the government garage for months',
      description: 'Patrols are done on foot because the only vehicle is waiting for repairs.',
      source: 'citizen_survey',
      raisedOn: '2026-11-30',
    });
    await jobs();
    expect(embedded).toEqual([
      'The police van has been at the government garage for months. Patrols are done on foot because the only vehicle is waiting for repairs.',
    ]);
    const first = await db.issueEmbedding.findUniqueOrThrow({ where: { localIssueId: id } });

    embedded.length = 0;
    const issue = await db.localIssue.findUniqueOrThrow({ where: { id } });
    await updateLocalIssue(db, analyst, {
      id,
      version: issue.version,
      facilityId: issue.facilityId,
      title: 'No vehicle for patrols: the van is always at the garage',
      description: issue.description,
      source: issue.source,
      raisedOn: '2026-11-30',
    });
    await jobs();
    expect(embedded).toHaveLength(1);
    expect(embedded[0]).toMatch(/^No vehicle for patrols/);
    const second = await db.issueEmbedding.findUniqueOrThrow({ where: { localIssueId: id } });
    expect(second.textHash).not.toBe(first.textHash);
    expect((await db.localIssue.findUniqueOrThrow({ where: { id } })).clusterId).not.toBeNull();
  });
});
