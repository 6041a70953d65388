import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import facts from '../../../content/facts.json' with { type: 'json' };

// The report lives beside the repository in shared/; CI clones it there too.
const report = readFileSync(
  new URL('../../../../shared/reference/cbm-programme-report.txt', import.meta.url),
  'utf8',
).replace(/\s+/g, ' ');

/** How each figure is written in the report ("25 982", "nine", "September 2015"). */
const inReport: Record<string, string[]> = {
  frameworkApproved: ['approved by Cabinet in August 2013'],
  pilotCompleted: ['completed in September 2015'],
  pilotWaves: ['three waves'],
  pilotProvinces: ['all nine provinces'],
  pilotCommunities: ['nine communities'],
  pilotFacilities: ['34 government facilities'],
  pilotPoliceStations: ['nine police stations'],
  pilotSassaOffices: ['eight SASSA'],
  pilotHealthFacilities: ['eight health'],
  pilotDsdServicePoints: ['eight Department of Social Development (DSD) service points'],
  pilotMonitorsTrained: ['trained 366 community members'],
  pilotCitizensInterviewed: ['25 982 citizens were interviewed'],
  pilotStaffInterviews: ['1 191 staff interviews'],
  pilotNpos: ['278 NPOs'],
  pilotCommunityRadioStations: ['three community radio stations'],
  sapsNewPilotStations: ['nine new pilot stations'],
  sapsExpansionYear: ['expand in 2017/18'],
  kabokweniPrimaryHealthFacilities: ['11 primary health facilities'],
  umsobomvuVolunteersTrainedAtLeast: ['over 100 community volunteers'],
  umsobomvuTrainingCompleted: ['completed in January 2017'],
  // The report gives the year once, for the training: "January 2017 ... completed in February".
  umsobomvuSurveyCompleted: ['completed in January 2017', 'survey was completed in February'],
  advancingCbmWorkshop: ['workshop in September 2016'],
};

const words: Record<number, string> = { 3: 'three', 8: 'eight', 9: 'nine' };

describe('content/facts.json', () => {
  const entries = Object.entries(facts).filter(([key]) => key !== '$comment');

  it('has a place in the report for every figure', () => {
    expect(entries.map(([key]) => key).sort()).toEqual(Object.keys(inReport).sort());
  });

  it.each(entries)('states %s as the report does', (key, value) => {
    for (const phrase of inReport[key] ?? []) expect(report).toContain(phrase);
    const phrases = (inReport[key] ?? []).join(' ');
    if (typeof value === 'number') {
      const forms = [String(value), String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ' '), words[value]];
      expect(
        forms.some((form) => form !== undefined && phrases.includes(form)),
        `${key}=${value}`,
      ).toBe(true);
    } else {
      for (const word of value.split(' ')) expect(phrases, `${key}=${value}`).toContain(word);
    }
  });
});
