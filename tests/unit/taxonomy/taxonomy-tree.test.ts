import { describe, expect, it } from 'vitest';
import { descendantIds, inTreeOrder, moveRefusal, namePath, slugPath } from '../../../src/domain/taxonomy/tree.ts';
import { aTagNode, sampleTaxonomy } from '../../fixtures/taxonomy.ts';

describe('paths', () => {
  it('joins the slugs and the names from the top down', () => {
    const tags = sampleTaxonomy();
    expect(slugPath(tags, 'id-maintenance-turnaround')).toBe('resources/vehicles/maintenance-turnaround');
    expect(namePath(tags, 'id-maintenance-turnaround')).toBe('Resources / Vehicles / Vehicle maintenance turnaround');
    expect(slugPath(tags, 'id-health')).toBe('health');
  });

  it('stops at a loop that a hand-edited database might hold', () => {
    const tags = [aTagNode('a', { parentId: 'id-b' }), aTagNode('b', { parentId: 'id-a' })];
    expect(slugPath(tags, 'id-a')).toBe('b/a');
  });
});

describe('inTreeOrder', () => {
  it('lists each parent before its children, siblings by name, and leaves merged tags out', () => {
    const ordered = inTreeOrder(sampleTaxonomy()).map(({ tag, depth }) => `${depth}:${tag.slug}`);
    expect(ordered).toEqual([
      '0:health',
      '1:medicines',
      '2:stock-out',
      '0:resources',
      '1:vehicles',
      '2:vehicle-shortage',
      '2:maintenance-turnaround',
    ]);
  });
});

describe('descendantIds', () => {
  it('finds every live tag below, not the tag itself', () => {
    expect(descendantIds(sampleTaxonomy(), 'id-resources')).toEqual(
      new Set(['id-vehicles', 'id-maintenance-turnaround', 'id-vehicle-shortage']),
    );
    expect(descendantIds(sampleTaxonomy(), 'id-stock-out')).toEqual(new Set());
  });
});

describe('moveRefusal', () => {
  it('allows a move under another branch or to the top level', () => {
    const tags = sampleTaxonomy();
    expect(moveRefusal(tags, 'id-vehicles', 'id-health')).toBeNull();
    expect(moveRefusal(tags, 'id-vehicles', null)).toBeNull();
  });

  it('refuses a move under the tag itself', () => {
    expect(moveRefusal(sampleTaxonomy(), 'id-vehicles', 'id-vehicles')).toMatch(/cannot be placed under itself/);
  });

  it('refuses a move under a tag below it, at any depth', () => {
    const tags = sampleTaxonomy();
    expect(moveRefusal(tags, 'id-resources', 'id-vehicles')).toMatch(/Vehicles is below Resources/);
    expect(moveRefusal(tags, 'id-resources', 'id-maintenance-turnaround')).toMatch(/is below Resources/);
  });

  it('refuses a move under a merged tag, of a merged tag, and a move that changes nothing', () => {
    const tags = sampleTaxonomy();
    expect(moveRefusal(tags, 'id-vehicles', 'id-out-of-stock')).toMatch(/still in use/);
    expect(moveRefusal(tags, 'id-out-of-stock', 'id-health')).toMatch(/was merged/);
    expect(moveRefusal(tags, 'id-vehicles', 'id-resources')).toMatch(/already under Resources/);
    expect(moveRefusal(tags, 'id-health', null)).toMatch(/already at the top level/);
  });
});
