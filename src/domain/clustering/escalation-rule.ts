import type { Spread } from './spread.ts';
import type { ClusterStatus } from '../vocabulary.ts';

/**
 * When a cluster is a candidate for escalation as a systemic case. The rule proposes; an analyst decides.
 * Default: at least 10 facilities in at least 5 provinces, or a national-level root cause given by issues
 * at 2 facilities or more (docs/CLUSTERING.md says why, and what it proposes on the pilot data).
 */
export interface EscalationRule {
  minFacilities: number;
  minProvinces: number;
  /** A national-level root cause makes a cluster a candidate whatever its spread... */
  nationalRootCauseSuffices: boolean;
  /** ...when issues at at least this many facilities give one (a rule saved before this was asked: 1). */
  nationalRootCauseMinFacilities: number;
}

export const DEFAULT_ESCALATION_RULE: EscalationRule = {
  minFacilities: 10,
  minProvinces: 5,
  nationalRootCauseSuffices: true,
  nationalRootCauseMinFacilities: 2,
};

export type EscalationVerdict = { isCandidate: boolean; reasons: string[] };

const facilities = (count: number) => `${count} ${count === 1 ? 'facility' : 'facilities'}`;

/** Facilities whose issues give a national-level root cause; a spread stored before they were counted: 0 or 1. */
function nationalRootCauseFacilitiesOf(spread: Spread): number {
  return spread.nationalRootCauseFacilities ?? (spread.hasNationalRootCause ? 1 : 0);
}

export function judgeEscalation(spread: Spread, rule: EscalationRule = DEFAULT_ESCALATION_RULE): EscalationVerdict {
  const reasons: string[] = [];
  if (spread.facilities >= rule.minFacilities && spread.provinces >= rule.minProvinces) {
    reasons.push(`${facilities(spread.facilities)} in ${spread.provinces} provinces`);
  }
  const national = nationalRootCauseFacilitiesOf(spread);
  if (rule.nationalRootCauseSuffices && national >= Math.max(1, rule.nationalRootCauseMinFacilities)) {
    reasons.push(
      national === 1 ? 'a national-level root cause' : `a national-level root cause at ${facilities(national)}`,
    );
  }
  return { isCandidate: reasons.length > 0, reasons };
}

/** A cluster analysts dismissed (or merged away) is never a candidate, whatever its spread. */
export function judgeClusterEscalation(
  status: ClusterStatus,
  spread: Spread,
  rule: EscalationRule = DEFAULT_ESCALATION_RULE,
): EscalationVerdict {
  if (status === 'dismissed' || status === 'merged') return { isCandidate: false, reasons: [] };
  return judgeEscalation(spread, rule);
}

/**
 * A theme is a candidate when its issues together meet the rule and it gathers two problems or more (a theme of
 * one problem is proposed, if at all, as that problem).
 */
export function judgeThemeEscalation(
  spread: Spread,
  problemCount: number,
  rule: EscalationRule = DEFAULT_ESCALATION_RULE,
): EscalationVerdict {
  if (problemCount < 2) return { isCandidate: false, reasons: [] };
  const verdict = judgeEscalation(spread, rule);
  return verdict.isCandidate
    ? { isCandidate: true, reasons: [`${problemCount} problems`, ...verdict.reasons] }
    : verdict;
}

/** The rule in words: "at least 10 facilities in at least 5 provinces, or ...". */
export function describeEscalationRule(rule: EscalationRule): string {
  const spread = `at least ${facilities(rule.minFacilities)} in at least ${rule.minProvinces} ${rule.minProvinces === 1 ? 'province' : 'provinces'}`;
  if (!rule.nationalRootCauseSuffices) return spread;
  const national =
    rule.nationalRootCauseMinFacilities <= 1
      ? 'any of its issues gives a national-level root cause'
      : `issues at ${rule.nationalRootCauseMinFacilities} or more facilities give a national-level root cause`;
  return `${spread}, or ${national}`;
}
