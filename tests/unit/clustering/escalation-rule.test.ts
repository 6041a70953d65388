import { describe, expect, it } from 'vitest';
import { spreadOf, type SpreadMember } from '../../../src/domain/clustering/spread.ts';
import {
  DEFAULT_ESCALATION_RULE,
  describeEscalationRule,
  judgeClusterEscalation,
  judgeEscalation,
} from '../../../src/domain/clustering/escalation-rule.ts';

const TODAY = '2026-12-01';
const at = (facility: string, province: string, levels: string[] = []): SpreadMember => ({
  facility,
  province,
  rootCauseLevels: levels,
});
/** Issues at `count` facilities spread over `provinces` provinces. */
const spreadAcross = (count: number, provinces: number, levels: string[] = []) =>
  Array.from({ length: count }, (_, n) => at(`F${n}`, `P${n % provinces}`, levels));

describe('the default escalation rule', () => {
  it('does not propose a cluster for three facilities in two provinces alone', () => {
    expect(judgeEscalation(spreadOf(spreadAcross(3, 2), TODAY))).toEqual({ isCandidate: false, reasons: [] });
    expect(judgeEscalation(spreadOf(spreadAcross(9, 9), TODAY)).isCandidate).toBe(false);
  });

  it('proposes a problem at ten facilities in five provinces, saying so', () => {
    expect(judgeEscalation(spreadOf(spreadAcross(10, 5), TODAY))).toEqual({
      isCandidate: true,
      reasons: ['10 facilities in 5 provinces'],
    });
    expect(judgeEscalation(spreadOf(spreadAcross(10, 4), TODAY)).isCandidate).toBe(false);
  });

  it('counts a national-level root cause only when issues at two different facilities give one', () => {
    const one = [at('A', 'gauteng', ['national']), at('B', 'limpopo', ['facility'])];
    expect(judgeEscalation(spreadOf(one, TODAY)).isCandidate).toBe(false);
    const sameFacility = [at('A', 'gauteng', ['national']), at('A', 'gauteng', ['national'])];
    expect(judgeEscalation(spreadOf(sameFacility, TODAY)).isCandidate).toBe(false);
    const two = [at('A', 'gauteng', ['national']), at('B', 'gauteng', ['provincial', 'national'])];
    expect(judgeEscalation(spreadOf(two, TODAY))).toEqual({
      isCandidate: true,
      reasons: ['a national-level root cause at 2 facilities'],
    });
  });

  it('reads a spread stored before facilities with a national root cause were counted as one such facility', () => {
    const { nationalRootCauseFacilities: _counted, ...stored } = spreadOf([at('A', 'gauteng', ['national'])], TODAY);
    expect(judgeEscalation(stored).isCandidate).toBe(false);
    expect(judgeEscalation(stored, { ...DEFAULT_ESCALATION_RULE, nationalRootCauseMinFacilities: 1 }).isCandidate).toBe(
      true,
    );
  });

  it('never proposes a dismissed or merged cluster, whatever its spread', () => {
    const wide = spreadOf(spreadAcross(20, 9, ['national']), TODAY);
    expect(judgeClusterEscalation('suggested', wide).isCandidate).toBe(true);
    expect(judgeClusterEscalation('confirmed', wide).isCandidate).toBe(true);
    expect(judgeClusterEscalation('dismissed', wide)).toEqual({ isCandidate: false, reasons: [] });
    expect(judgeClusterEscalation('merged', wide)).toEqual({ isCandidate: false, reasons: [] });
  });

  it('says itself in words', () => {
    expect(describeEscalationRule(DEFAULT_ESCALATION_RULE)).toBe(
      'at least 10 facilities in at least 5 provinces, or issues at 2 or more facilities give a national-level root cause',
    );
    expect(
      describeEscalationRule({
        minFacilities: 3,
        minProvinces: 1,
        nationalRootCauseSuffices: true,
        nationalRootCauseMinFacilities: 1,
      }),
    ).toBe('at least 3 facilities in at least 1 province, or any of its issues gives a national-level root cause');
    expect(describeEscalationRule({ ...DEFAULT_ESCALATION_RULE, nationalRootCauseSuffices: false })).toBe(
      'at least 10 facilities in at least 5 provinces',
    );
  });
});
