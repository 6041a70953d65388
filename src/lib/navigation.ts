import type { Actor } from '../domain/accounts/actor.ts';
import type { Role } from '../domain/accounts/roles.ts';

export interface NavigationItem {
  href: string;
  label: string;
  /** Areas not built yet are listed, marked "soon", so that people know what is coming. */
  isReady: boolean;
}

type Audience = 'public' | Role;
const EVERYONE: readonly Audience[] = ['public', 'admin', 'analyst', 'facilitator', 'official', 'partner'];

const AREAS: (NavigationItem & { audience: readonly Audience[] })[] = [
  { href: '/', label: 'Overview', isReady: true, audience: EVERYONE },
  { href: '/facilities', label: 'Facilities', isReady: true, audience: EVERYONE },
  { href: '/issues', label: 'Local issues', isReady: true, audience: ['admin', 'analyst', 'facilitator', 'official'] },
  { href: '/issues/imports', label: 'Imports', isReady: true, audience: ['admin', 'analyst', 'facilitator'] },
  {
    href: '/commitments/overdue',
    label: 'Overdue commitments',
    isReady: true,
    audience: ['admin', 'analyst', 'facilitator'],
  },
  { href: '/clusters', label: 'Clusters', isReady: true, audience: ['admin', 'analyst'] },
  { href: '/taxonomy', label: 'Taxonomy', isReady: true, audience: ['admin', 'analyst'] },
  { href: '/inbox', label: 'Department inbox', isReady: true, audience: ['official'] },
  { href: '/cases', label: 'Systemic cases', isReady: true, audience: ['admin', 'analyst', 'official'] },
  { href: '/dashboard', label: 'Dashboard', isReady: true, audience: ['admin', 'analyst', 'official'] },
  // Everyone else reads the public cases there.
  { href: '/cases', label: 'Systemic cases', isReady: true, audience: ['public', 'facilitator', 'partner'] },
  { href: '/knowledge', label: 'Knowledge base', isReady: true, audience: EVERYONE },
  { href: '/open-data', label: 'Open data', isReady: true, audience: ['public', 'admin', 'analyst', 'partner'] },
  { href: '/admin/users', label: 'Users', isReady: true, audience: ['admin'] },
  { href: '/admin/departments', label: 'Departments', isReady: true, audience: ['admin'] },
  { href: '/admin/deadlines', label: 'Case deadlines', isReady: true, audience: ['admin'] },
  { href: '/admin/audit', label: 'Audit log', isReady: true, audience: ['admin'] },
  { href: '/admin/outbox', label: 'Outbox', isReady: true, audience: ['admin'] },
];

/** The areas this actor's role works in, in menu order. */
export function navigationFor(actor: Actor): NavigationItem[] {
  const audience: Audience = actor.kind === 'public' ? 'public' : actor.role;
  return AREAS.filter((area) => area.audience.includes(audience)).map(({ href, label, isReady }) => ({
    href,
    label,
    isReady,
  }));
}
