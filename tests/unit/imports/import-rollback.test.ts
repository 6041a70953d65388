import { describe, expect, it } from 'vitest';
import { decideRollback, type ImportedIssueState } from '../../../src/domain/imports/rollback.ts';

const succeeded = { outcome: 'succeeded', rolledBackAt: null };
const anIssue = (overrides: Partial<ImportedIssueState> = {}): ImportedIssueState => ({
  id: 'issue-1',
  title: 'Vans wait months at the garage',
  change: 'created',
  version: 0,
  versionAfterImport: 0,
  caseReferences: [],
  commitmentCount: 0,
  clusterStatus: null,
  ...overrides,
});

describe('decideRollback', () => {
  it('allows an import whose issues nothing refers to, including ones in a suggested cluster', () => {
    expect(decideRollback(succeeded, [anIssue(), anIssue({ id: 'issue-2', clusterStatus: 'suggested' })])).toEqual({
      ok: true,
    });
  });

  it('refuses an import that failed or was rolled back already', () => {
    expect(decideRollback({ outcome: 'failed', rolledBackAt: null }, [])).toMatchObject({
      ok: false,
      refusal: { code: 'wrong_outcome', message: expect.stringMatching(/wrote nothing/) },
    });
    expect(decideRollback({ outcome: 'rolled_back', rolledBackAt: new Date() }, [])).toMatchObject({
      ok: false,
      refusal: { code: 'wrong_outcome', message: expect.stringMatching(/already been rolled back/) },
    });
  });

  it('names every issue in the way and why', () => {
    const decision = decideRollback(succeeded, [
      anIssue({ id: 'edited', version: 1 }),
      anIssue({ id: 'in-case', caseReferences: ['SC-2026-0042'] }),
      anIssue({ id: 'promised', commitmentCount: 1 }),
      anIssue({ id: 'clustered', clusterStatus: 'confirmed' }),
      anIssue({ id: 'fine' }),
    ]);
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'in_use' } });
    if (decision.ok) return;
    expect(decision.refusal.message).toMatch(/4 of its 5 issue\(s\) are in use/);
    expect(decision.refusal.blockers.map(({ localIssueId, reason }) => [localIssueId, reason])).toEqual([
      ['edited', 'it was changed after the import'],
      ['in-case', 'it is part of systemic case SC-2026-0042'],
      ['promised', 'a charter commitment refers to it'],
      ['clustered', 'it belongs to a cluster an analyst has confirmed'],
    ]);
  });

  it('restores an updated issue that a case refers to, as long as nobody edited it since', () => {
    const updated = anIssue({ change: 'updated', version: 3, versionAfterImport: 3, caseReferences: ['SC-2026-0042'] });
    expect(decideRollback(succeeded, [updated])).toEqual({ ok: true });
    expect(decideRollback(succeeded, [{ ...updated, version: 4 }])).toMatchObject({ ok: false });
  });
});
