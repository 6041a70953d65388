import { describe, expect, it } from 'vitest';
import { loginPath, safeReturnPath } from '../../../src/lib/return-address.ts';

describe('safeReturnPath', () => {
  it('accepts a path on this site with its query', () => {
    expect(safeReturnPath('/facilities?province=x')).toBe('/facilities?province=x');
  });

  it('keeps the query and the hash', () => {
    expect(safeReturnPath('/cases/12?tab=timeline#event-3')).toBe('/cases/12?tab=timeline#event-3');
  });

  it.each([
    ['a protocol-relative address', '//evil.example'],
    ['a backslash address', '/\\evil.example'],
    ['an absolute address', 'https://evil.example'],
    ['a javascript: address', 'javascript:alert(1)'],
    ['a relative path', 'facilities'],
    ['an empty string', ''],
  ])('refuses %s', (_, next) => {
    expect(safeReturnPath(next)).toBe('/');
  });

  it('refuses null and undefined', () => {
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
  });

  it.each([
    ['a tab', '/\t/evil.example'],
    ['a newline', '/facilities\nLocation: https://evil.example'],
    ['a carriage return', '/facilities\r'],
    ['a NUL', '/\u0000'],
    ['a DEL', '/facilities\u007f'],
  ])('refuses a path holding %s', (_, next) => {
    expect(safeReturnPath(next)).toBe('/');
  });

  it('returns the given fallback when it refuses', () => {
    expect(safeReturnPath('//evil.example', '/account')).toBe('/account');
    expect(safeReturnPath(null, '/account')).toBe('/account');
  });

  it('keeps encoded slashes as a path on this site', () => {
    const path = safeReturnPath('/%2F%2Fevil.example');
    expect(path).toBe('/%2F%2Fevil.example');
    expect(new URL(path, 'https://tracker.example').host).toBe('tracker.example');
  });

  it('keeps encoded line breaks encoded', () => {
    expect(safeReturnPath('/%0d%0aLocation:x')).toBe('/%0d%0aLocation:x');
  });

  it('turns a later backslash into a slash on this site', () => {
    expect(safeReturnPath('/.\\evil.example')).toBe('/evil.example');
  });

  // Dot segments resolve "/.//evil.example" to "//evil.example", which a browser follows to another host.
  it.each(['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/a/..//evil.example'])(
    'keeps %s on this site once dot segments are resolved',
    (next) => {
      const path = safeReturnPath(next);
      expect(path.startsWith('//')).toBe(false);
      expect(new URL(path, 'https://tracker.example').host).toBe('tracker.example');
    },
  );
});

describe('loginPath', () => {
  it('sends the person to sign in with the current path and query as next', () => {
    expect(loginPath(new URL('https://tracker.example/facilities?province=gauteng&page=2'))).toBe(
      '/login?next=%2Ffacilities%3Fprovince%3Dgauteng%26page%3D2',
    );
  });

  it('leaves out the hash', () => {
    expect(loginPath(new URL('https://tracker.example/cases/12#timeline'))).toBe('/login?next=%2Fcases%2F12');
  });

  it('gives back a next that safeReturnPath follows to the same place', () => {
    const current = new URL('https://tracker.example/facilities?province=gauteng&q=a%20b');
    const next = new URL(loginPath(current), current).searchParams.get('next');
    expect(safeReturnPath(next)).toBe('/facilities?province=gauteng&q=a%20b');
  });
});
