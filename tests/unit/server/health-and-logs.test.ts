import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.ts';
import { errorWithoutEmailAddresses } from '../../../src/server/log/logger.ts';
import { checkReadiness } from '../../../src/server/services/jobs/health-service.ts';

describe('checkReadiness', () => {
  it('says the database did not answer, and checks nothing else, when its query hangs', async () => {
    const hanging = { $queryRaw: () => new Promise(() => {}) } as unknown as Db;
    const answer = await checkReadiness(hanging, { expectedMigrations: [], timeoutMs: 20 });
    expect(answer).toEqual({
      status: 'not_ready',
      checks: {
        database: { ok: false, reason: 'The database did not answer within 0.02 s.' },
        migrations: { ok: false, reason: 'Not checked: the database did not answer.' },
        worker: { ok: false, reason: 'Not checked: the database did not answer.' },
      },
    });
  });
});

describe('errorWithoutEmailAddresses', () => {
  it('keeps the error for the log but replaces each e-mail address in its words and fields', () => {
    const refused = Object.assign(new Error('550 5.1.1 <thandi.m@example.org.za>: Recipient address rejected'), {
      code: 'EENVELOPE',
      rejected: ['sipho+cbm@mail.example.com'],
    });
    const logged = JSON.stringify(errorWithoutEmailAddresses(refused));
    expect(logged).not.toMatch(/thandi|sipho/);
    expect(logged).toContain('550 5.1.1 <[e-mail address]>: Recipient address rejected');
    expect(logged).toContain('"code":"EENVELOPE"');
    expect(logged).toContain('"stack":"Error: 550');
  });
});
