import { hasPersonalData } from '../privacy/personal-data.ts';
import { ROOT_CAUSE_CATEGORY_NAMES, ROOT_CAUSE_LEVEL_NAMES } from '../vocabulary.ts';
import type { RootCauseCategory, RootCauseLevel } from '../vocabulary.ts';

/** A local issue as evidence for a case. */
export interface EvidenceIssue {
  title: string;
  /** The personal-data check flagged the issue's text: none of it may be copied. */
  personalDataFlagged: boolean;
  rootCauses: readonly { statement: string; level: RootCauseLevel; category: RootCauseCategory }[];
  tagIds: readonly string[];
}

/** The texts a new case starts from; the analyst edits them before saving. */
export interface CaseDraftTexts {
  problemStatement: string;
  rootCauseSynthesis: string;
  /** The tag most members share, or null. */
  primaryTagId: string | null;
  /** How many texts were left out because they may hold personal data. */
  leftOut: number;
}

/** At most this many distinct titles and root causes are quoted; the rest are counted. */
export const QUOTED = 8;

const counted = <K extends string>(keys: readonly K[], names: Record<K, string>) => {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || names[a[0]].localeCompare(names[b[0]]))
    .map(([key, count]) => `${names[key].toLowerCase()} ${count}`)
    .join(', ');
};

/** Distinct texts, most repeated first, the first `QUOTED` of them as lines, and a count of the rest. */
function quoted(texts: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text.trim(), (counts.get(text.trim()) ?? 0) + 1);
  const distinct = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lines = distinct.slice(0, QUOTED).map(([text, count]) => `- ${text}${count > 1 ? ` (${count} times)` : ''}`);
  if (distinct.length > QUOTED) lines.push(`- and ${distinct.length - QUOTED} more`);
  return lines;
}

/**
 * The problem statement and root-cause synthesis a case starts from: the members' titles and root causes,
 * most repeated first, and the causes counted by level and category. Nothing the personal-data check
 * flagged is copied, neither a flagged issue's texts nor a root cause that reads like personal data.
 */
export function draftTexts(issues: readonly EvidenceIssue[], spreadLine: string): CaseDraftTexts {
  let leftOut = 0;
  const titles: string[] = [];
  const causes: EvidenceIssue['rootCauses'][number][] = [];
  for (const issue of issues) {
    if (issue.personalDataFlagged) {
      leftOut += 1 + issue.rootCauses.length;
      causes.push(...issue.rootCauses.map((cause) => ({ ...cause, statement: '' })));
      continue;
    }
    if (hasPersonalData(issue.title)) leftOut += 1;
    else titles.push(issue.title);
    for (const cause of issue.rootCauses) {
      if (hasPersonalData(cause.statement)) {
        leftOut += 1;
        causes.push({ ...cause, statement: '' });
      } else causes.push(cause);
    }
  }
  const statements = causes.map((cause) => cause.statement).filter((statement) => statement !== '');
  const problemStatement = [
    spreadLine,
    '',
    'What monitors recorded:',
    ...quoted(titles),
    ...(statements.length > 0 ? ['', 'Root causes the dialogues found:', ...quoted(statements)] : []),
  ].join('\n');
  const rootCauseSynthesis =
    causes.length === 0
      ? 'No root cause was recorded for these issues yet.'
      : [
          `${causes.length} root cause${causes.length === 1 ? '' : 's'} recorded.`,
          `By level: ${counted(
            causes.map((cause) => cause.level),
            ROOT_CAUSE_LEVEL_NAMES,
          )}.`,
          `By category: ${counted(
            causes.map((cause) => cause.category),
            ROOT_CAUSE_CATEGORY_NAMES,
          )}.`,
        ].join(' ');
  return { problemStatement, rootCauseSynthesis, primaryTagId: mostSharedTag(issues), leftOut };
}

/** The tag on the most issues (ties to the smaller id, so that the same evidence gives the same tag). */
export function mostSharedTag(issues: readonly Pick<EvidenceIssue, 'tagIds'>[]): string | null {
  const counts = new Map<string, number>();
  for (const issue of issues) for (const id of new Set(issue.tagIds)) counts.set(id, (counts.get(id) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return best?.[0] ?? null;
}
