import type { Db } from '../../../db/client.ts';
import type { Role } from '../../../domain/accounts/roles.ts';
import { createUserWithPassword } from './user-service.ts';

/** Demo accounts for DEMO_ACCOUNTS=true; README.md lists them. Never created in production. */
export const DEMO_ACCOUNTS: readonly {
  email: string;
  name: string;
  role: Role;
  password: string;
  departmentCode?: string;
  facilityCodes?: readonly string[];
}[] = [
  {
    email: 'admin@demo.cbm-tracker.invalid',
    name: 'Demo Administrator',
    role: 'admin',
    password: 'demo-admin-password',
  },
  {
    email: 'analyst@demo.cbm-tracker.invalid',
    name: 'Demo Analyst',
    role: 'analyst',
    password: 'demo-analyst-password',
  },
  {
    email: 'facilitator@demo.cbm-tracker.invalid',
    name: 'Demo Facilitator (Kabokweni)',
    role: 'facilitator',
    password: 'demo-facilitator-password',
    facilityCodes: ['KIC-KABOKWENI-CLINIC', 'KIC-MSOGWABA-CLINIC', 'SR-MP-KABOKWENI-SAPS'],
  },
  {
    email: 'saps@demo.cbm-tracker.invalid',
    name: 'Demo Official (SAPS)',
    role: 'official',
    password: 'demo-saps-password',
    departmentCode: 'SAPS',
  },
  {
    email: 'health@demo.cbm-tracker.invalid',
    name: 'Demo Official (Mpumalanga Health)',
    role: 'official',
    password: 'demo-health-password',
    departmentCode: 'MP-DOH',
  },
  {
    email: 'partner@demo.cbm-tracker.invalid',
    name: 'Demo Partner (NGO)',
    role: 'partner',
    password: 'demo-partner-password',
  },
];

/** Creates the demo accounts that are missing; returns how many it created. */
export async function ensureDemoAccounts(db: Db): Promise<number> {
  let created = 0;
  for (const demo of DEMO_ACCOUNTS) {
    if (await db.user.findUnique({ where: { email: demo.email } })) continue;
    const department = demo.departmentCode
      ? await db.department.findUniqueOrThrow({ where: { code: demo.departmentCode } })
      : null;
    const facilities = await db.facility.findMany({ where: { code: { in: [...(demo.facilityCodes ?? [])] } } });
    await createUserWithPassword(
      db,
      {
        email: demo.email,
        name: demo.name,
        role: demo.role,
        password: demo.password,
        departmentId: department?.id ?? null,
        facilityIds: facilities.map((facility) => facility.id),
        isDemo: true,
      },
      { userId: null, label: 'the demo accounts setting' },
    );
    created += 1;
  }
  return created;
}
