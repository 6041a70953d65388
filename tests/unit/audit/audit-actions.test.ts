import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_GROUP_NAMES,
  AUDIT_ACTION_WORDS,
  AUDIT_ACTIONS,
  auditActionChoices,
  auditActionGroup,
  auditDetailLine,
  auditDetails,
  describeAuditAction,
} from '../../../src/domain/audit/audit-actions.ts';

const ROOT = join(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'prisma/seed'))].map((path) => ({
  path: path.slice(ROOT.length + 1),
  text: readFileSync(path, 'utf8'),
}));

/**
 * The codes written to the audit trail anywhere: in files that write audit events, every quoted code with a dot
 * ("local_issue.edited") and every bare code passed as an action, less the outbox's job kinds and settings' keys.
 */
function actionCodesInSource(): Map<string, string> {
  const notActions = new Set(
    files.flatMap(({ text }) =>
      [...text.matchAll(/(?:kind:\s*|_JOB = |_KEY = )'([a-z_.]+)'/g)].map((match) => match[1]!),
    ),
  );
  const codes = new Map<string, string>();
  for (const { path, text } of files) {
    if (!/recordAudit\(|auditEvent\.create\(|'AuditEvent'/.test(text) || path.includes('audit-actions')) continue;
    const dotted = [...text.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((match) => match[1]!);
    const bare = [...text.matchAll(/(?:action:\s*|audit\()'([a-z_.]+)'/g)].map((match) => match[1]!);
    for (const code of [...dotted, ...bare]) if (!notActions.has(code)) codes.set(code, path);
  }
  return codes;
}

describe('the audit log’s words', () => {
  it('has words for every action code the code base writes', () => {
    const codes = actionCodesInSource();
    expect(codes.size).toBeGreaterThan(50);
    const unworded = [...codes]
      .filter(([code]) => !(code in AUDIT_ACTION_WORDS))
      .map(([code, at]) => `${code} (${at})`);
    expect(unworded).toEqual([]);
  });

  it('says every action as a sentence, never as its code, and offers each in the filter under a named group', () => {
    for (const action of AUDIT_ACTIONS) {
      const words = AUDIT_ACTION_WORDS[action];
      expect(words).toMatch(/^[A-Z][^_]+$/);
      expect(words).not.toContain('.');
      expect(AUDIT_ACTION_GROUP_NAMES[auditActionGroup(action)], action).toBeDefined();
    }
    const offered = auditActionChoices().flatMap((group) => group.actions.map((choice) => choice.value));
    expect(offered.toSorted()).toEqual([...AUDIT_ACTIONS].toSorted());
    expect(auditActionChoices().every((group) => group.actions.length > 0)).toBe(true);
  });

  it('says how a status changed', () => {
    expect(describeAuditAction('sign_in.succeeded', { email: 'a@b.org', address: '::1' })).toBe('Signed in');
    expect(describeAuditAction('local_issue.status_changed', { version: 3, from: 'open', to: 'resolved' })).toBe(
      "Changed the local issue's status from Open to Resolved",
    );
    expect(describeAuditAction('commitment.progress', { from: 'not_started', to: 'in_progress' })).toBe(
      'Reported progress on the commitment and moved it from Not started to In progress',
    );
    expect(describeAuditAction('commitment.progress', { from: 'in_progress', to: 'in_progress' })).toBe(
      'Reported progress on the commitment',
    );
  });
});

describe('auditDetails', () => {
  const lines = (...args: Parameters<typeof auditDetails>) => auditDetails(...args).map(auditDetailLine);

  it('lists an edit’s fields as "Field: old → new", named as the edit named them', () => {
    const note = {
      version: 4,
      fields: ['name', 'province'],
      from: { name: 'Old clinic', province: 'limpopo' },
      to: { name: 'New clinic', province: 'gauteng' },
    };
    expect(lines('facility.edited', note)).toEqual(['Name: Old clinic → New clinic', 'Province: Limpopo → Gauteng']);
  });

  it('lists a change of access by the names of what changed, with record names for their ids', () => {
    const clinic = '0195f1a2-0000-7000-8000-000000000001';
    const names = new Map([[clinic, { name: 'Kabokweni Clinic' }]]);
    const note = {
      from: { role: 'analyst', departmentId: null, facilityIds: [] },
      to: { role: 'facilitator', departmentId: null, facilityIds: [clinic] },
    };
    expect(lines('user.access_changed', note, (id) => names.get(id))).toEqual([
      'Role: DPME CBM analyst → Facilitator',
      'Facilities: none → Kabokweni Clinic',
    ]);
  });

  it('lists a status move and the other facts, leaving out versions and ids it cannot name', () => {
    expect(lines('local_issue.status_changed', { version: 2, from: 'open', to: 'resolved', note: 'Fixed' })).toEqual([
      'Status: Open → Resolved',
      'Note: Fixed',
    ]);
    expect(
      lines('cluster.issue_moved_in', {
        version: 2,
        localIssueId: '0195f1a2-0000-7000-8000-000000000002',
        from: '0195f1a2-0000-7000-8000-000000000003',
      }),
    ).toEqual([]);
    expect(lines('sign_in.succeeded', { method: 'password', address: '10.0.0.1' })).toEqual([
      'How: password',
      'Network address: 10.0.0.1',
    ]);
    expect(lines('permission.denied', { code: 'FORBIDDEN' })).toEqual(['Refusal: not allowed for their role']);
    expect(lines('tag.merged', { version: 3, into: { slug: 'water', name: 'Water' }, reTagged: 2 })).toEqual([
      'Merged into: Water',
      'Issues re-tagged: 2',
    ]);
    expect(lines('sign_out', null)).toEqual([]);
  });

  const cluster = '0195f1a2-0000-7000-8000-00000000000c';
  const issue = '0195f1a2-0000-7000-8000-00000000000e';
  const records: Record<string, { name: string; href?: string }> = {
    [cluster]: { name: 'Leaking taps', href: `/clusters/${cluster}` },
    [issue]: { name: 'No water in the ward', href: `/issues/${issue}` },
    'vehicle-shortage': { name: 'Too few vehicles', href: '/taxonomy/vehicle-shortage' },
    'resources/maintenance-turnaround': { name: 'Vehicle maintenance turnaround' },
  };
  const recordOf = (key: string) => records[key];

  it('names and links the records an event mentions: the other cluster, the issue moved, a tag by its slug', () => {
    expect(auditDetails('cluster.issue_moved', { version: 2, localIssueId: issue, to: cluster }, recordOf)).toEqual([
      { label: 'To cluster', value: 'Leaking taps', href: `/clusters/${cluster}` },
      { label: 'Local issue', value: 'No water in the ward', href: `/issues/${issue}` },
    ]);
    expect(auditDetails('cluster.split', { version: 3, moved: 2, newClusterId: cluster }, recordOf)).toEqual([
      { label: 'Issues moved', value: '2' },
      { label: 'New cluster', value: 'Leaking taps', href: `/clusters/${cluster}` },
    ]);
    expect(
      auditDetails(
        'local_issue.retagged',
        { version: 4, from: 'vehicle-shortage', to: 'resources/maintenance-turnaround' },
        recordOf,
      ),
    ).toEqual([
      {
        label: 'Tag',
        from: 'Too few vehicles',
        fromHref: '/taxonomy/vehicle-shortage',
        value: 'Vehicle maintenance turnaround',
      },
    ]);
  });

  it('says what a merge brought in, on which day progress was made and which personal data was removed', () => {
    expect(
      lines('tag.merged_in', { version: 2, source: { id: issue, slug: 'old', name: 'Old tag' }, reTagged: 1 }),
    ).toEqual(['Tag merged in: Old tag', 'Issues re-tagged: 1']);
    expect(
      lines('commitment.progress', { version: 2, on: '2026-03-14', from: 'not_started', to: 'in_progress' }),
    ).toEqual(['Status: Not started → In progress', 'On: 14 March 2026']);
    expect(lines('local_issue.personal_data_redacted', { version: 3, kinds: ['phone', 'named_person'] })).toEqual([
      'Kinds of personal data: Phone number, Name of a person',
    ]);
  });

  it('never shows JSON', () => {
    const note = {
      version: 1,
      step: { direction: 'forward', to: 'dialogue_and_charter', reason: null },
      deep: { a: 1 },
    };
    for (const line of lines('monitoring_round.edited', note)) expect(line).not.toMatch(/[{}[\]"]/);
  });
});
