import { describe, expect, it } from 'vitest';
import { PUBLIC_ACTOR, type Actor } from '../../../src/domain/accounts/actor.ts';
import { guardPage } from '../../../src/lib/page-guard.ts';
import { aUser } from '../../fixtures/actors.ts';

/** What a page's guard sees of Astro, with the refusals it records. */
function anAstro(actor: Actor, path = '/admin/users') {
  const refusals: string[] = [];
  const astro = {
    locals: { actor, recordPageRefusal: async (refused: string) => void refusals.push(refused) },
    url: new URL(`http://cbm.test${path}`),
    redirect: (to: string, status?: number) => new Response(null, { status, headers: { location: to } }),
  } as unknown as Parameters<typeof guardPage>[0];
  return { astro, refusals };
}

describe('guardPage', () => {
  it('lets a role the page allows through, recording nothing', async () => {
    const { astro, refusals } = anAstro(aUser('admin'));
    expect(await guardPage(astro, ['admin'])).toMatchObject({ actor: { role: 'admin' } });
    expect(refusals).toEqual([]);
  });

  it('sends the public to sign in, and comes back here afterwards', async () => {
    const { astro, refusals } = anAstro(PUBLIC_ACTOR);
    const { response } = await guardPage(astro, ['admin']);
    expect(response?.status).toBe(303);
    expect(response?.headers.get('location')).toBe('/login?next=%2Fadmin%2Fusers');
    expect(refusals).toEqual([]);
  });

  it('refuses another role with 403 and records the refusal', async () => {
    const { astro, refusals } = anAstro(aUser('partner'));
    const { response } = await guardPage(astro, ['admin']);
    expect(response?.status).toBe(403);
    expect(refusals).toEqual(['/admin/users']);
  });
});
