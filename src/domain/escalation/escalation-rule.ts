import type { Spread } from '../clustering/spread.ts';

/**
 * When a cluster is a candidate for escalation as a systemic case. The rule proposes; an analyst decides.
 * Default (DESIGN.md): at least 3 facilities in at least 2 provinces, or any national-level root cause.
 */
export interface EscalationRule {
  minFacilities: number;
  minProvinces: number;
  /** A national-level root cause makes a cluster a candidate whatever its spread. */
  nationalRootCauseSuffices: boolean;
}

export const DEFAULT_ESCALATION_RULE: EscalationRule = {
  minFacilities: 3,
  minProvinces: 2,
  nationalRootCauseSuffices: true,
};

export type EscalationVerdict = { isCandidate: boolean; reasons: string[] };

export function judgeEscalation(spread: Spread, rule: EscalationRule = DEFAULT_ESCALATION_RULE): EscalationVerdict {
  const reasons: string[] = [];
  if (spread.facilities >= rule.minFacilities && spread.provinces >= rule.minProvinces) {
    reasons.push(`${spread.facilities} facilities in ${spread.provinces} provinces`);
  }
  if (rule.nationalRootCauseSuffices && spread.hasNationalRootCause) reasons.push('a national-level root cause');
  return { isCandidate: reasons.length > 0, reasons };
}
