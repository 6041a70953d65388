import { describe, expect, it } from 'vitest';
import {
  copyMaxAgeOf,
  createPublicPageCache,
  FIGURES_MAX_AGE_MS,
  hasSessionCookie,
  isPublicOutput,
} from '../../../src/server/http/public-page-cache.ts';

const page = (text: string) => new Response(text, { status: 200, headers: { 'content-type': 'text/html' } });

describe('copies of public pages', () => {
  it('answers with a copy only at the version it was made at', async () => {
    const cache = createPublicPageCache(async () => 1);
    expect(cache.answer('/cases', 1, false)).toBeNull();
    const sent = await cache.keep('/cases', { version: 1, route: '/cases' }, page('<p>cases</p>'), false);
    expect(await sent.text()).toBe('<p>cases</p>');
    expect(await cache.answer('/cases', 1, false)?.text()).toBe('<p>cases</p>');
    expect(cache.copyOf('/cases', 1, false)?.route).toBe('/cases');
    expect(cache.answer('/cases', 2, false)).toBeNull();
    expect(cache.size()).toBe(0);
  });

  it('serves a copy of a page with figures from outside the data version no longer than those figures are kept', async () => {
    let clock = 0;
    const cache = createPublicPageCache(async () => 1, { now: () => clock });
    await cache.keep('/', { version: 1, route: '/', maxAgeMs: copyMaxAgeOf('/') }, page('home'), false);
    await cache.keep('/cases', { version: 1, route: '/cases', maxAgeMs: copyMaxAgeOf('/cases') }, page('cases'), false);
    clock += FIGURES_MAX_AGE_MS - 1;
    expect(cache.answer('/', 1, false)).not.toBeNull();
    clock += 1;
    expect(cache.answer('/', 1, false)).toBeNull();
    expect(cache.answer('/cases', 1, false)).not.toBeNull();
  });

  it('forgets the least recently used copies beyond its limits', async () => {
    const cache = createPublicPageCache(async () => 1, { maxEntries: 2 });
    await cache.keep('/a', { version: 1, route: '/a' }, page('a'), false);
    await cache.keep('/b', { version: 1, route: '/b' }, page('b'), false);
    cache.answer('/a', 1, false);
    await cache.keep('/c', { version: 1, route: '/c' }, page('c'), false);
    expect(cache.answer('/b', 1, false)).toBeNull();
    expect(cache.answer('/a', 1, false)).not.toBeNull();
    const small = createPublicPageCache(async () => 1, { maxBytes: 3 });
    await small.keep('/big', { version: 1, route: '/big' }, page('four'), false);
    expect(small.size()).toBe(0);
  });

  it('reads the version once for the requests that ask while a read runs', async () => {
    let reads = 0;
    const cache = createPublicPageCache(async () => {
      reads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return reads;
    });
    expect(await Promise.all([cache.currentVersion(), cache.currentVersion()])).toEqual([1, 1]);
    expect(await cache.currentVersion()).toBe(2);
  });

  it('keeps to public outputs and visitors without a session', () => {
    const outputs = ['/cases', '/cases/SC-2016-0002', '/cases/SC-2016-0002/public', '/open311/v2/requests.json'];
    expect(outputs.filter((path) => !isPublicOutput(path))).toEqual([]);
    expect(['/cases/new', '/inbox', '/issues', '/public-texts'].filter(isPublicOutput)).toEqual([]);
    const withFigures = ['/', '/facilities', '/facilities/KIC-KABOKWENI-CLINIC'];
    expect(withFigures.map(copyMaxAgeOf)).toEqual(withFigures.map(() => FIGURES_MAX_AGE_MS));
    expect(copyMaxAgeOf('/cases')).toBeUndefined();
    const notCopied = ['/facilities/export.csv', '/facilities/KIC-KABOKWENI-CLINIC/edit', '/facilities/X/rounds/new'];
    expect(notCopied.filter(isPublicOutput)).toEqual([]);
    expect(hasSessionCookie(new Headers({ cookie: 'theme=dark; cbm.session_token=abc' }))).toBe(true);
    expect(hasSessionCookie(new Headers({ cookie: '__Secure-cbm.session_token=abc' }))).toBe(true);
    expect(hasSessionCookie(new Headers({ cookie: 'theme=dark' }))).toBe(false);
  });
});
