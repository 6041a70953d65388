import { expect, it } from 'vitest';
import { resolveAuthSecret } from '../../../src/server/auth/secret.ts';
import { describeEachProvider } from '../../support/test-database.ts';

describeEachProvider('resolveAuthSecret', (database) => {
  it('generates a secret once, keeps it in the database, and prefers AUTH_SECRET when set', async () => {
    const { db } = database();
    const [first, second] = await Promise.all([resolveAuthSecret(db, undefined), resolveAuthSecret(db, undefined)]);
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(second).toBe(first);
    expect(await resolveAuthSecret(db, undefined)).toBe(first);
    expect(await resolveAuthSecret(db, 'x'.repeat(40))).toBe('x'.repeat(40));
    expect(await db.appSetting.count()).toBe(1);
  });
});
