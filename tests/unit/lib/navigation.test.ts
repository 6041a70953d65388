import { describe, expect, it } from 'vitest';
import { PUBLIC_ACTOR } from '../../../src/domain/accounts/actor.ts';
import { navigationFor } from '../../../src/lib/navigation.ts';
import { aUser } from '../../fixtures/actors.ts';

const labelsFor = (...args: Parameters<typeof navigationFor>) => navigationFor(...args).map((item) => item.label);

describe('navigationFor', () => {
  it('shows the public only the public areas', () => {
    expect(labelsFor(PUBLIC_ACTOR)).toEqual([
      'Overview',
      'Facilities',
      'Systemic cases',
      'Knowledge base',
      'Open data',
    ]);
  });

  it('shows the public no admin or staff-only areas', () => {
    const labels = labelsFor(PUBLIC_ACTOR);
    for (const label of ['Local issues', 'Clusters', 'Department inbox', 'Users', 'Audit log', 'Outbox']) {
      expect(labels).not.toContain(label);
    }
    expect(navigationFor(PUBLIC_ACTOR).every((item) => !item.href.startsWith('/admin'))).toBe(true);
  });

  it('shows an admin Users, Audit log and Outbox', () => {
    expect(navigationFor(aUser('admin'))).toEqual(
      expect.arrayContaining([
        { href: '/admin/users', label: 'Users', isReady: true },
        { href: '/admin/audit', label: 'Audit log', isReady: true },
        { href: '/admin/outbox', label: 'Outbox', isReady: true },
      ]),
    );
  });

  it('shows an official the Department inbox but not Clusters', () => {
    const labels = labelsFor(aUser('official'));
    expect(labels).toContain('Department inbox');
    expect(labels).not.toContain('Clusters');
    expect(labels).not.toContain('Users');
  });

  it('shows admins, analysts and facilitators the overdue commitments, and nobody else', () => {
    for (const role of ['admin', 'analyst', 'facilitator'] as const) {
      expect(labelsFor(aUser(role))).toContain('Overdue commitments');
    }
    for (const actor of [aUser('official'), aUser('partner'), PUBLIC_ACTOR]) {
      expect(labelsFor(actor)).not.toContain('Overdue commitments');
    }
  });

  it('shows only admins the departments', () => {
    expect(labelsFor(aUser('admin'))).toContain('Departments');
    expect(labelsFor(aUser('analyst'))).not.toContain('Departments');
  });

  it('shows only admins the case deadlines', () => {
    expect(navigationFor(aUser('admin'))).toContainEqual({
      href: '/admin/deadlines',
      label: 'Case deadlines',
      isReady: true,
    });
    for (const actor of [aUser('analyst'), aUser('facilitator'), aUser('official'), aUser('partner'), PUBLIC_ACTOR]) {
      expect(labelsFor(actor)).not.toContain('Case deadlines');
    }
  });

  it('shows a facilitator Local issues', () => {
    const labels = labelsFor(aUser('facilitator'));
    expect(labels).toContain('Local issues');
    expect(labels).not.toContain('Department inbox');
    expect(labels).not.toContain('Users');
  });

  it('shows a partner neither Users nor Local issues', () => {
    const labels = labelsFor(aUser('partner'));
    expect(labels).not.toContain('Users');
    expect(labels).not.toContain('Local issues');
    expect(labels).toContain('Open data');
  });

  it('shows an analyst Local issues and Clusters but no admin areas', () => {
    const labels = labelsFor(aUser('analyst'));
    expect(labels).toEqual(expect.arrayContaining(['Local issues', 'Clusters']));
    expect(labels).not.toContain('Users');
  });

  it('lists the areas in a stable menu order', () => {
    expect(labelsFor(aUser('admin'))).toEqual([
      'Overview',
      'Facilities',
      'Local issues',
      'Imports',
      'Overdue commitments',
      'Clusters',
      'Taxonomy',
      'Systemic cases',
      'Dashboard',
      'Knowledge base',
      'Open data',
      'Users',
      'Departments',
      'Case deadlines',
      'Audit log',
      'Outbox',
    ]);
    expect(labelsFor(aUser('official'))).toEqual([
      'Overview',
      'Facilities',
      'Local issues',
      'Department inbox',
      'Systemic cases',
      'Dashboard',
      'Knowledge base',
    ]);
  });

  it('shows the Taxonomy to analysts and administrators only', () => {
    for (const role of ['admin', 'analyst'] as const) expect(labelsFor(aUser(role))).toContain('Taxonomy');
    for (const role of ['facilitator', 'official', 'partner'] as const) {
      expect(labelsFor(aUser(role))).not.toContain('Taxonomy');
    }
    expect(labelsFor(PUBLIC_ACTOR)).not.toContain('Taxonomy');
  });

  it('marks the built areas ready, open data and the public cases among them', () => {
    const items = navigationFor(aUser('admin'));
    expect(items.find((item) => item.label === 'Open data')?.isReady).toBe(true);
    expect(items.find((item) => item.label === 'Clusters')?.isReady).toBe(true);
    expect(items.find((item) => item.label === 'Systemic cases')?.isReady).toBe(true);
    const publicItems = navigationFor(PUBLIC_ACTOR);
    expect(publicItems.find((item) => item.label === 'Systemic cases')?.isReady).toBe(true);
    expect(publicItems.find((item) => item.label === 'Open data')?.isReady).toBe(true);
  });

  it('depends only on the role, not on the scope', () => {
    expect(navigationFor(aUser('official', { departmentId: null }))).toEqual(navigationFor(aUser('official')));
  });
});
