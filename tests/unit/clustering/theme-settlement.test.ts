import { describe, expect, it } from 'vitest';
import type { FoundCluster } from '../../../src/domain/clustering/cluster-records.ts';
import {
  settleThemes,
  themeLabelOf,
  type ThemeSettlementInput,
} from '../../../src/domain/clustering/theme-settlement.ts';

/** Ten issues a..j; the engine put a-f in theme 0 and g-j in theme 1. */
function run(overrides: Partial<ThemeSettlementInput> = {}) {
  let next = 0;
  return settleThemes({
    issueIds: [...'abcdefghij'],
    engineThemeOf: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1],
    problems: [
      { id: 'vans', members: [0, 1, 2], pinnedThemeId: null },
      { id: 'radios', members: [3, 4], pinnedThemeId: null },
      { id: 'pills', members: [6, 7, 8], pinnedThemeId: null },
    ],
    earlierThemeOf: new Array(10).fill(null),
    newId: () => `new-${next++}`,
    ...overrides,
  });
}

const membersOf = (settled: ReturnType<typeof run>) =>
  Object.fromEntries(settled.themes.map((theme) => [theme.id, theme.members]));

describe('settleThemes', () => {
  it("gives every issue its problem's theme and keeps the engine's explanation when the members are its own", () => {
    const settled = run();
    expect(membersOf(settled)).toEqual({ 'new-0': [0, 1, 2, 3, 4, 5], 'new-1': [6, 7, 8, 9] });
    expect(settled.themes.map((theme) => [theme.isNew, theme.engineTheme])).toEqual([
      [true, 0],
      [true, 1],
    ]);
    expect(Object.fromEntries(settled.themeOfProblem)).toEqual({ vans: 'new-0', radios: 'new-0', pills: 'new-1' });
    expect(settled.themeOfRecord[5]).toBe('new-0');
  });

  it('keeps the ids of earlier themes that share a majority of both', () => {
    const earlierThemeOf = [
      'police',
      'police',
      'police',
      'police',
      'police',
      'health',
      'health',
      'health',
      'health',
      'health',
    ];
    const settled = run({ earlierThemeOf });
    expect(membersOf(settled)).toEqual({ police: [0, 1, 2, 3, 4, 5], health: [6, 7, 8, 9] });
    expect(settled.themes.every((theme) => !theme.isNew)).toBe(true);
  });

  it('leaves a problem an analyst moved in the theme they chose, and matches the rest without it', () => {
    const earlierThemeOf = [
      'police',
      'police',
      'police',
      'police',
      'police',
      'police',
      'health',
      'health',
      'health',
      'health',
    ];
    const settled = run({
      earlierThemeOf,
      problems: [
        { id: 'vans', members: [0, 1, 2], pinnedThemeId: 'health' },
        { id: 'radios', members: [3, 4], pinnedThemeId: null },
        { id: 'pills', members: [6, 7, 8], pinnedThemeId: null },
      ],
    });
    expect(membersOf(settled)).toEqual({ health: [0, 1, 2, 6, 7, 8, 9], police: [3, 4, 5] });
    expect(settled.themeOfProblem.get('vans')).toBe('health');
    // Its members changed by the move: the engine's words for it no longer hold.
    expect(settled.themes.find((theme) => theme.id === 'health')!.engineTheme).toBeNull();
  });

  it('keeps a theme that holds only moved problems', () => {
    const settled = run({
      problems: [
        { id: 'vans', members: [0, 1, 2], pinnedThemeId: 'renamed' },
        { id: 'pills', members: [6, 7, 8], pinnedThemeId: null },
      ],
    });
    expect(membersOf(settled).renamed).toEqual([0, 1, 2]);
    expect(settled.themes.find((theme) => theme.id === 'renamed')!.isNew).toBe(false);
  });

  it('puts a problem whose members analysts gathered from two themes in the theme of most of them', () => {
    const settled = run({ problems: [{ id: 'mixed', members: [5, 6, 7], pinnedThemeId: null }] });
    expect(settled.themeOfProblem.get('mixed')).toBe(settled.themeOfRecord[9]);
    expect(settled.themes.every((theme) => theme.engineTheme === null)).toBe(true);
  });
});

describe('themeLabelOf', () => {
  const found = (sharedTags: string[], terms: string[]): FoundCluster => ({
    members: [],
    label: 'Police van at the garage for four months',
    sharedTags,
    topTerms: terms.map((term) => ({ term, weight: 0.1 })),
    nearDuplicates: [],
  });
  const names: Record<string, string> = { vehicles: 'Police vehicles' };

  it('names a theme after the tag its issues share, else its weightiest words, else its central title', () => {
    expect(themeLabelOf(found(['unknown', 'vehicles'], ['van']), (slug) => names[slug])).toBe('Police vehicles');
    expect(themeLabelOf(found([], ['van', 'garage', 'repair', 'months']), (slug) => names[slug])).toBe(
      'Van, garage, repair',
    );
    expect(themeLabelOf(found([], []), (slug) => names[slug])).toBe('Police van at the garage for four months');
  });
});
