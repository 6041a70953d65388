export const ROLES = ['admin', 'analyst', 'facilitator', 'official', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administrator',
  analyst: 'DPME CBM analyst',
  facilitator: 'Facilitator',
  official: 'Sector official',
  partner: 'NGO / OGP partner',
};

/** Everyone who works in the tracker; partners only read guidance. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'analyst', 'facilitator', 'official'];
