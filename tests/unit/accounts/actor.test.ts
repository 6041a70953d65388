import { describe, expect, it } from 'vitest';
import { PUBLIC_ACTOR, actorLabel, requiresTwoFactor, scopeOf } from '../../../src/domain/accounts/actor.ts';
import type { Role } from '../../../src/domain/accounts/roles.ts';
import { aUser } from '../../fixtures/actors.ts';

describe('scopeOf', () => {
  it('gives the public the public scope', () => {
    expect(scopeOf(PUBLIC_ACTOR)).toEqual({ kind: 'public' });
  });

  it.each(['admin', 'analyst'] as const)('lets an %s see everything', (role) => {
    expect(scopeOf(aUser(role))).toEqual({ kind: 'everything' });
  });

  it('limits a facilitator to their facilities', () => {
    expect(scopeOf(aUser('facilitator', { facilityIds: ['f-1', 'f-2'] }))).toEqual({
      kind: 'facilities',
      facilityIds: ['f-1', 'f-2'],
    });
  });

  it('limits an official to their department', () => {
    expect(scopeOf(aUser('official', { departmentId: 'saps' }))).toEqual({ kind: 'department', departmentId: 'saps' });
  });

  it('limits an official without a department to a department scope of null', () => {
    expect(scopeOf(aUser('official', { departmentId: null }))).toEqual({ kind: 'department', departmentId: null });
  });

  it('gives a partner the public scope', () => {
    expect(scopeOf(aUser('partner'))).toEqual({ kind: 'public' });
  });
});

describe('requiresTwoFactor', () => {
  const required: readonly Role[] = ['admin', 'official'];

  it('requires two-factor for a required role that has not set it up', () => {
    expect(requiresTwoFactor({ role: 'admin', isDemo: false, twoFactorEnabled: false }, required)).toBe(true);
  });

  it('does not require it once two-factor is set up', () => {
    expect(requiresTwoFactor({ role: 'admin', isDemo: false, twoFactorEnabled: true }, required)).toBe(false);
  });

  it('does not require it of a demo account', () => {
    expect(requiresTwoFactor({ role: 'admin', isDemo: true, twoFactorEnabled: false }, required)).toBe(false);
  });

  it('does not require it of a role not in the list', () => {
    expect(requiresTwoFactor({ role: 'partner', isDemo: false, twoFactorEnabled: false }, required)).toBe(false);
  });

  it('requires it of no one when the list is empty', () => {
    expect(requiresTwoFactor({ role: 'admin', isDemo: false, twoFactorEnabled: false }, [])).toBe(false);
  });
});

describe('actorLabel', () => {
  it('labels the public as anonymous', () => {
    expect(actorLabel(PUBLIC_ACTOR)).toBe('anonymous');
  });

  it('labels a user by name and role', () => {
    expect(actorLabel(aUser('official', { name: 'Thandi Mokoena' }))).toBe('Thandi Mokoena (Sector official)');
  });
});
