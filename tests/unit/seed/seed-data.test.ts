import { describe, expect, it } from 'vitest';
import facts from '../../../content/facts.json' with { type: 'json' };
import { findReferenceProblems, loadSeedData } from '../../../prisma/seed/load-seed-data.ts';

const data = loadSeedData();
const pilotFacilityCodes = new Set(
  data.rounds.filter((round) => round.programme === 'national_pilot').map((round) => round.facilityCode),
);
const pilotFacilities = data.facilities.filter((facility) => pilotFacilityCodes.has(facility.code));
const countWhere = <T>(items: T[], predicate: (item: T) => boolean) => items.filter(predicate).length;

describe('the seed data', () => {
  it('has no dangling codes, slugs or references', () => {
    expect(findReferenceProblems(data)).toEqual([]);
  });

  it('lets local issues name a tag by a former slug, and no other unknown slug', () => {
    // stock-out has no children and local issues name it, so a changed slug matters only to them.
    const leaf = data.tags.find((tag) => tag.slug === 'stock-out');
    expect(data.tags.some((tag) => tag.parent === 'stock-out')).toBe(false);
    expect(data.localIssues.some((issue) => issue.tags.includes('stock-out'))).toBe(true);
    const renamed = data.tags.map((tag) =>
      tag === leaf ? { ...tag, slug: 'medicine-stock-out', aliases: [...tag.aliases, 'stock-out'] } : tag,
    );
    expect(findReferenceProblems({ ...data, tags: renamed })).toEqual([]);
    const forgotten = data.tags.map((tag) => (tag === leaf ? { ...tag, slug: 'medicine-stock-out' } : tag));
    expect(findReferenceProblems({ ...data, tags: forgotten })).toContainEqual(
      expect.stringMatching(/unknown tag stock-out$/),
    );
  });

  it('holds the 34 pilot facilities by kind as the report counts them, plus the documented 34th', () => {
    expect(pilotFacilities).toHaveLength(facts.pilotFacilities);
    expect(countWhere(pilotFacilities, (f) => f.kind === 'police_station')).toBe(facts.pilotPoliceStations);
    expect(countWhere(pilotFacilities, (f) => f.kind === 'sassa_office')).toBe(facts.pilotSassaOffices);
    expect(countWhere(pilotFacilities, (f) => ['clinic', 'community_health_centre', 'hospital'].includes(f.kind))).toBe(
      facts.pilotHealthFacilities,
    );
    expect(countWhere(pilotFacilities, (f) => f.kind === 'dsd_service_point')).toBe(facts.pilotDsdServicePoints);
    // The report's breakdown adds up to 33; docs/SEED-DATA.md explains the 34th.
    expect(countWhere(pilotFacilities, (f) => f.kind === 'other')).toBe(1);
    expect(new Set(pilotFacilities.map((f) => f.province)).size).toBe(facts.pilotProvinces);
    expect(new Set(pilotFacilities.map((f) => f.community)).size).toBe(facts.pilotCommunities);
  });

  it('spreads the pilot totals exactly across its three waves of rounds', () => {
    const pilotRounds = data.rounds.filter((round) => round.programme === 'national_pilot');
    const sum = (pick: (round: (typeof pilotRounds)[number]) => number) => pilotRounds.reduce((s, r) => s + pick(r), 0);
    expect(sum((r) => r.citizensInterviewed)).toBe(facts.pilotCitizensInterviewed);
    expect(sum((r) => r.staffInterviewed)).toBe(facts.pilotStaffInterviews);
    expect(sum((r) => r.monitorsTrained)).toBe(facts.pilotMonitorsTrained);
    expect(new Set(pilotRounds.map((r) => r.wave))).toEqual(new Set([1, 2, 3]));
    expect(pilotRounds.every((r) => r.endedOn !== null && r.endedOn <= '2015-09-30')).toBe(true);
  });

  it('covers the later work: nine SAPS stations, eleven Kabokweni clinics, Umsobomvu', () => {
    const facilitiesIn = (programme: string) =>
      new Set(data.rounds.filter((round) => round.programme === programme).map((round) => round.facilityCode));
    expect(facilitiesIn('saps_rollout').size).toBe(facts.sapsNewPilotStations);
    expect([...facilitiesIn('saps_rollout')].some((code) => pilotFacilityCodes.has(code))).toBe(false);
    expect(facilitiesIn('kabokweni_ideal_clinic').size).toBe(facts.kabokweniPrimaryHealthFacilities);
    const umsobomvu = data.rounds.filter((round) => round.programme === 'umsobomvu_idp');
    expect(umsobomvu).toHaveLength(1);
    expect(umsobomvu[0]?.monitorsTrained).toBeGreaterThan(facts.umsobomvuVolunteersTrainedAtLeast);
  });

  it('has a taxonomy of at least 40 tags with synonyms and routing hints', () => {
    expect(data.tags.length).toBeGreaterThanOrEqual(40);
    expect(data.tags.every((tag) => tag.synonyms.length > 0)).toBe(true);
    expect(countWhere(data.tags, (tag) => tag.routesTo !== null)).toBeGreaterThanOrEqual(10);
  });

  it('has at least 150 local issues with root causes and commitments, on every facility', () => {
    expect(data.localIssues.length).toBeGreaterThanOrEqual(150);
    expect(countWhere(data.localIssues, (issue) => issue.rootCauses.length > 0)).toBeGreaterThanOrEqual(50);
    expect(countWhere(data.localIssues, (issue) => issue.commitments.length > 0)).toBeGreaterThanOrEqual(30);
    const facilitiesWithIssues = new Set(data.localIssues.map((issue) => issue.facilityCode));
    expect(data.facilities.filter((facility) => !facilitiesWithIssues.has(facility.code))).toEqual([]);
  });

  it('names the systemic problems the report found, at several facilities each', () => {
    const facilitiesTagged = (slug: string) =>
      new Set(data.localIssues.filter((issue) => issue.tags.includes(slug)).map((issue) => issue.facilityCode)).size;
    for (const slug of ['maintenance-turnaround', 'stock-out', 'drug-possession-arrests', 'delegations']) {
      expect(facilitiesTagged(slug), slug).toBeGreaterThanOrEqual(3);
    }
  });

  it('contains no e-mail addresses, phone numbers or ID numbers', () => {
    const text = JSON.stringify(data.localIssues);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.\w+/);
    expect(text).not.toMatch(/\b0\d{2}[ -]?\d{3}[ -]?\d{4}\b/);
    expect(text).not.toMatch(/\b\d{13}\b/);
  });
});
