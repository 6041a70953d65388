import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { PUBLIC_ACTOR, type Actor } from '../../../src/domain/accounts/actor.ts';
import { handleTrpcRequest, MAX_BATCH_CALLS } from '../../../src/server/trpc/http-handler.ts';
import { anActorWithAccount } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

const PUBLIC_URL = 'http://cbm.test';

describeEachProvider('tRPC over HTTP', (database) => {
  let db: Db;
  let partner: Actor;
  beforeAll(async () => {
    ({ db } = database());
    partner = await anActorWithAccount(db, 'partner');
  });
  const batchOf = (path: string, calls: number) => Array.from({ length: calls }, () => path).join(',');
  const get = (path: string, actor: Actor = PUBLIC_ACTOR) =>
    handleTrpcRequest(new Request(`${PUBLIC_URL}/api/trpc/${path}`), { db, actor, publicUrl: PUBLIC_URL });
  const refusals = () => db.auditEvent.count({ where: { action: 'permission.denied' } });

  it(`answers a batch of ${MAX_BATCH_CALLS} calls`, async () => {
    const response = await get(`${batchOf('system.health', MAX_BATCH_CALLS)}?batch=1`);
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(MAX_BATCH_CALLS);
  });

  it('refuses a batch of more calls without running any of them', async () => {
    const before = await refusals();
    for (const calls of [MAX_BATCH_CALLS + 1, 300]) {
      const response = await get(`${batchOf('user.list', calls)}?batch=1`);
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(/Batch call exceeds maximum size/);
    }
    expect(await refusals()).toBe(before);
  });

  it('writes one audit row for a request whose every call is refused', async () => {
    for (const actor of [PUBLIC_ACTOR, partner]) {
      const before = await refusals();
      const response = await get(`${batchOf('user.list', MAX_BATCH_CALLS)}?batch=1`, actor);
      const answers = (await response.json()) as { error: { data: { code: string } } }[];
      expect(answers.map((answer) => answer.error.data.code)).toEqual(
        Array(MAX_BATCH_CALLS).fill(actor === PUBLIC_ACTOR ? 'UNAUTHORIZED' : 'FORBIDDEN'),
      );
      expect(await refusals()).toBe(before + 1);
    }
  });

  it('refuses a write posted from another site, with or without an Origin header', async () => {
    const post = (headers: Record<string, string>) =>
      handleTrpcRequest(new Request(`${PUBLIC_URL}/api/trpc/account.me`, { method: 'POST', headers, body: '{}' }), {
        db,
        actor: partner,
        publicUrl: PUBLIC_URL,
      });
    expect((await post({ origin: 'https://evil.example', 'content-type': 'application/json' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' })).status).toBe(403);
  });
});
