import { describe, expect, it } from 'vitest';
import { planMerge } from '../../../src/domain/taxonomy/merge.ts';
import { aTagNode, sampleTaxonomy } from '../../fixtures/taxonomy.ts';

describe('planMerge', () => {
  it('keeps the slugs, moves the synonyms and the name, and moves the children', () => {
    const decision = planMerge(sampleTaxonomy(), 'id-vehicles', 'id-resources');
    expect(decision).toEqual({
      ok: true,
      plan: {
        sourceId: 'id-vehicles',
        targetId: 'id-resources',
        aliasesToAdd: ['vehicles'],
        synonymsToAdd: ['police van', 'bakkie'],
        synonymsAlreadyCovered: ['vehicles'],
        synonymsLeftOut: [],
        childIdsToMove: ['id-vehicle-shortage', 'id-maintenance-turnaround'],
      },
    });
  });

  it("carries the source's former slugs over as well", () => {
    const decision = planMerge(sampleTaxonomy(), 'id-maintenance-turnaround', 'id-vehicle-shortage');
    expect(decision).toMatchObject({ ok: true, plan: { aliasesToAdd: ['maintenance-turnaround', 'garage-delays'] } });
  });

  it('adds no synonym the target already answers to', () => {
    const tags = [
      aTagNode('queues', { name: 'Queues at the counter', synonyms: ['long lines', 'waiting'] }),
      aTagNode('waiting-times', { name: 'Waiting', synonyms: ['long lines'] }),
    ];
    const decision = planMerge(tags, 'id-queues', 'id-waiting-times');
    expect(decision).toMatchObject({
      ok: true,
      plan: { synonymsToAdd: ['queues at the counter'], synonymsAlreadyCovered: ['long lines', 'waiting'] },
    });
  });

  it('leaves out a word another tag holds in a database that broke the rules', () => {
    const tags = [
      aTagNode('queues', { synonyms: ['long lines'] }),
      aTagNode('waiting-times'),
      aTagNode('clinics', { synonyms: ['long lines'] }),
    ];
    const decision = planMerge(tags, 'id-queues', 'id-waiting-times');
    expect(decision).toMatchObject({
      ok: true,
      plan: { synonymsLeftOut: [{ term: 'long lines', reason: expect.stringMatching(/synonym of Clinics/) }] },
    });
  });

  it.each([
    ['id-vehicles', 'id-vehicles', 'same_tag'],
    ['id-out-of-stock', 'id-health', 'already_merged'],
    ['id-health', 'id-out-of-stock', 'target_merged'],
    ['id-resources', 'id-maintenance-turnaround', 'target_below_source'],
    ['id-resources', 'id-nothing', 'missing'],
  ])('refuses merging %s into %s (%s)', (sourceId, targetId, code) => {
    expect(planMerge(sampleTaxonomy(), sourceId, targetId)).toMatchObject({ ok: false, refusal: { code } });
  });

  it('allows merging a tag into its own parent', () => {
    expect(planMerge(sampleTaxonomy(), 'id-vehicle-shortage', 'id-vehicles')).toMatchObject({ ok: true });
  });
});
