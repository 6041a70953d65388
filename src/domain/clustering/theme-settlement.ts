import type { FoundCluster } from './cluster-records.ts';
import { matchEarlierThemes } from './identity.ts';

/** A problem of a run (a cluster of two or more issues, after the analysts' decisions), as themes see it. */
export interface ProblemForThemes {
  id: string;
  /** Its members' record indexes. */
  members: readonly number[];
  /** The theme an analyst moved it to: later runs leave it there. */
  pinnedThemeId: string | null;
}

export interface ThemeSettlementInput {
  /** Record index -> the issue's id. */
  issueIds: readonly string[];
  /** Record index -> the engine's theme (its index in the run's themes). */
  engineThemeOf: readonly number[];
  problems: readonly ProblemForThemes[];
  /** Record index -> the theme the issue had before this run, or null. */
  earlierThemeOf: readonly (string | null)[];
  newId: () => string;
}

export interface SettledTheme {
  id: string;
  isNew: boolean;
  /** Record indexes, ascending. */
  members: number[];
  /** The engine's theme when the members are exactly its members (its explanation holds as it is), else null. */
  engineTheme: number | null;
}

export interface ThemeSettlement {
  /** Largest first. */
  themes: SettledTheme[];
  /** Problem (cluster) id -> its theme's id. */
  themeOfProblem: Map<string, string>;
  /** Record index -> its theme's id. */
  themeOfRecord: string[];
}

/**
 * Decides the themes of a run over its final problems. A problem an analyst moved stays in the theme they
 * chose; any other problem goes to the engine's theme of most of its members (all of them, unless analysts
 * changed its members), and an issue alone to its own. Each engine theme's issues then take the id of an
 * earlier theme when they share a majority of both (issues of moved problems left out on both sides, so
 * that a move never changes which theme is which), so that a theme keeps its address and its name.
 */
export function settleThemes(input: ThemeSettlementInput): ThemeSettlement {
  const { issueIds, engineThemeOf, problems, earlierThemeOf } = input;
  const count = issueIds.length;
  const engineKeyOf = Int32Array.from(engineThemeOf);
  const pinnedThemeOf = new Array<string | null>(count).fill(null);
  for (const problem of problems) {
    if (problem.pinnedThemeId !== null) {
      for (const member of problem.members) pinnedThemeOf[member] = problem.pinnedThemeId;
    } else {
      const theme = mostCommon(problem.members.map((member) => engineThemeOf[member]!));
      for (const member of problem.members) engineKeyOf[member] = theme;
    }
  }

  const freeGroups = new Map<number, number[]>();
  const pinnedGroups = new Map<string, number[]>();
  const earlierMembers = new Map<string, string[]>();
  for (let record = 0; record < count; record += 1) {
    const pinned = pinnedThemeOf[record];
    if (pinned !== null) {
      pushTo(pinnedGroups, pinned, record);
      continue;
    }
    pushTo(freeGroups, engineKeyOf[record]!, record);
    const earlier = earlierThemeOf[record];
    if (earlier) pushTo(earlierMembers, earlier, issueIds[record]!);
  }
  const free = [...freeGroups];
  const matched = matchEarlierThemes(
    [...earlierMembers].map(([id, members]) => ({ id, members })),
    free.map(([, records]) => records.map((record) => issueIds[record]!)),
  );

  const engineSizes = new Map<number, number>();
  for (const theme of engineThemeOf) engineSizes.set(theme, (engineSizes.get(theme) ?? 0) + 1);
  const byId = new Map<string, SettledTheme>();
  for (const [id, records] of pinnedGroups) {
    byId.set(id, { id, isNew: false, members: records, engineTheme: null });
  }
  free.forEach(([engineTheme, records], index) => {
    const id = matched[index] ?? input.newId();
    const existing = byId.get(id);
    if (existing) {
      existing.members = [...existing.members, ...records].sort((a, b) => a - b);
      return;
    }
    const isWhole =
      engineSizes.get(engineTheme) === records.length &&
      records.every((record) => engineThemeOf[record] === engineTheme);
    byId.set(id, { id, isNew: matched[index] === null, members: records, engineTheme: isWhole ? engineTheme : null });
  });

  const themes = [...byId.values()].sort((a, b) => b.members.length - a.members.length || (a.id < b.id ? -1 : 1));
  const themeOfRecord = new Array<string>(count);
  for (const theme of themes) for (const member of theme.members) themeOfRecord[member] = theme.id;
  const themeOfProblem = new Map(problems.map((problem) => [problem.id, themeOfRecord[problem.members[0]!]!]));
  return { themes, themeOfProblem, themeOfRecord };
}

function pushTo<Key, Value>(groups: Map<Key, Value[]>, key: Key, value: Value): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

/** The value most of these hold; of two as common, the smaller. */
function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0]!;
  for (const [value, times] of counts) {
    const bestTimes = counts.get(best)!;
    if (times > bestTimes || (times === bestTimes && value < best)) best = value;
  }
  return best;
}

/**
 * A theme's name: the tag most of its issues share, when one does (the taxonomy's words for a broad subject),
 * else its three weightiest words, else the title of the issue most like the others.
 */
export function themeLabelOf(found: FoundCluster, tagName: (slug: string) => string | undefined): string {
  const tag = found.sharedTags.map(tagName).find((name) => name !== undefined);
  if (tag) return tag;
  const words = found.topTerms.slice(0, 3).map(({ term }) => term);
  if (words.length === 0) return found.label;
  const joined = words.join(', ');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}
