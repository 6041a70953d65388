import { describe, expect, it } from 'vitest';
import { decisionRefusal, type ClusterDecisionKind } from '../../../src/domain/clustering/decisions.ts';
import { CLUSTER_STATUSES } from '../../../src/domain/vocabulary.ts';

const KINDS: ClusterDecisionKind[] = ['confirm', 'dismiss', 'rename', 'merge', 'split', 'move_issue'];

describe('decisionRefusal', () => {
  it('allows every decision on suggested, confirmed and dismissed clusters', () => {
    for (const status of CLUSTER_STATUSES.filter((status) => status !== 'merged' && status !== 'escalated')) {
      for (const kind of KINDS) expect(decisionRefusal(kind, status), `${kind} on ${status}`).toBeNull();
    }
  });

  it('refuses every decision on a merged cluster, pointing to the one it went into', () => {
    for (const kind of KINDS) {
      expect(decisionRefusal(kind, 'merged')).toMatch(/merged into another/);
      expect(decisionRefusal(kind, 'merged', 'into')).toMatch(/merged into another/);
    }
  });

  it('keeps an escalated cluster’s members and status, but lets it gain members and a name', () => {
    for (const kind of ['confirm', 'dismiss', 'merge', 'split', 'move_issue'] as const) {
      expect(decisionRefusal(kind, 'escalated'), kind).toMatch(/evidence of a systemic case/);
    }
    expect(decisionRefusal('rename', 'escalated')).toBeNull();
    expect(decisionRefusal('merge', 'escalated', 'into')).toBeNull();
    expect(decisionRefusal('move_issue', 'escalated', 'into')).toBeNull();
  });
});
