import { describe, expect, it } from 'vitest';
import { type AccessAssignment, checkAccessAssignment } from '../../../src/domain/accounts/user-access.ts';
import type { Role } from '../../../src/domain/accounts/roles.ts';

const anAssignment = (role: Role, overrides: Partial<AccessAssignment> = {}): AccessAssignment => ({
  role,
  departmentId: null,
  facilityIds: [],
  ...overrides,
});

describe('checkAccessAssignment', () => {
  it('refuses an official without a department', () => {
    expect(checkAccessAssignment(anAssignment('official'))).toMatchObject({
      ok: false,
      refusal: { field: 'departmentId' },
    });
  });

  it('refuses an official whose department is an empty string', () => {
    expect(checkAccessAssignment(anAssignment('official', { departmentId: '' }))).toMatchObject({
      ok: false,
      refusal: { field: 'departmentId' },
    });
  });

  it('keeps an official’s department and drops any facilities', () => {
    expect(
      checkAccessAssignment(anAssignment('official', { departmentId: 'saps', facilityIds: ['facility-1'] })),
    ).toEqual({ ok: true, assignment: { role: 'official', departmentId: 'saps', facilityIds: [] } });
  });

  it('refuses a facilitator without a facility', () => {
    expect(checkAccessAssignment(anAssignment('facilitator'))).toMatchObject({
      ok: false,
      refusal: { field: 'facilityIds' },
    });
  });

  it('keeps a facilitator’s facilities and drops any department', () => {
    expect(
      checkAccessAssignment(anAssignment('facilitator', { departmentId: 'saps', facilityIds: ['f-1', 'f-2'] })),
    ).toEqual({ ok: true, assignment: { role: 'facilitator', departmentId: null, facilityIds: ['f-1', 'f-2'] } });
  });

  it('removes duplicate facility ids and keeps the first order', () => {
    const check = checkAccessAssignment(anAssignment('facilitator', { facilityIds: ['f-2', 'f-1', 'f-2', 'f-1'] }));
    expect(check).toEqual({
      ok: true,
      assignment: { role: 'facilitator', departmentId: null, facilityIds: ['f-2', 'f-1'] },
    });
  });

  it.each(['admin', 'analyst', 'partner'] as const)('drops the department and facilities of a %s', (role) => {
    expect(checkAccessAssignment(anAssignment(role, { departmentId: 'saps', facilityIds: ['f-1'] }))).toEqual({
      ok: true,
      assignment: { role, departmentId: null, facilityIds: [] },
    });
  });

  it('does not change the assignment it is given', () => {
    const requested = anAssignment('facilitator', { facilityIds: ['f-1', 'f-1'] });
    checkAccessAssignment(requested);
    expect(requested.facilityIds).toEqual(['f-1', 'f-1']);
  });
});
