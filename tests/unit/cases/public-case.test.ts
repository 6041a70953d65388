import { describe, expect, it } from 'vitest';
import { officeOf, publicCaseSummary, publicCaseView, publicTextsOf } from '../../../src/domain/cases/public-case.ts';
import { NO_REVIEWS, WITHHELD_TEXT } from '../../../src/domain/privacy/public-text.ts';
import { aCase, DEPARTMENTS } from '../../fixtures/public-cases.ts';

const TODAY = '2026-04-02';

describe('the public view of a case', () => {
  it('is made only of a public, escalated case', () => {
    expect(publicCaseView(aCase({ visibility: 'internal' }), DEPARTMENTS, NO_REVIEWS, TODAY)).toBeNull();
    expect(publicCaseView(aCase({ escalatedAt: null }), DEPARTMENTS, NO_REVIEWS, TODAY)).toBeNull();
    expect(publicCaseSummary(aCase({ visibility: 'internal' }), DEPARTMENTS, NO_REVIEWS)).toBeNull();
    expect(publicCaseView(aCase(), DEPARTMENTS, NO_REVIEWS, TODAY)).not.toBeNull();
  });

  it('says where the problem is felt in provinces, districts, kinds and counts, naming facilities only when allowed', () => {
    const { spread } = publicCaseView(aCase(), DEPARTMENTS, NO_REVIEWS, TODAY)!;
    expect(spread).toMatchObject({ facilities: 3, peopleCiting: 25, facilityNames: null });
    expect(spread.provinces).toEqual([
      { province: 'mpumalanga', name: 'Mpumalanga', facilities: 2, districts: ['Ehlanzeni'] },
      { province: 'gauteng', name: 'Gauteng', facilities: 1, districts: ['Tshwane'] },
    ]);
    expect(spread.kinds).toEqual([{ kind: 'police_station', name: expect.any(String), facilities: 3 }]);
    const named = publicCaseView(aCase({ publicFacilityNames: true }), DEPARTMENTS, NO_REVIEWS, TODAY)!;
    expect(named.spread.facilityNames).toEqual(['Ga-Rankuwa SAPS', 'Hazyview SAPS', 'Kabokweni SAPS']);
    expect(JSON.stringify(publicCaseView(aCase(), DEPARTMENTS, NO_REVIEWS, TODAY))).not.toContain('Kabokweni');
  });

  it('leaves the draft, edits and internal comments out of the timeline, and names actors by office', () => {
    const view = publicCaseView(aCase(), DEPARTMENTS, NO_REVIEWS, TODAY)!;
    expect(view.timeline.map((entry) => entry.kind)).toEqual(['escalate', 'acknowledge', 'commented', 'accept']);
    expect(view.comments.map((entry) => entry.reason)).toEqual(['Monitors will visit again in May.']);
    expect(view.decisions.map((entry) => [entry.kind, entry.by, entry.reason])).toEqual([
      ['acknowledge', 'Sector official, South African Police Service', null],
      ['accept', 'Sector official, South African Police Service', 'We agree the contract is the cause.'],
    ]);
    expect(JSON.stringify(view)).not.toMatch(/Mokoena|fleet manager'|Internal: ask/);
  });

  it('says of each deadline whether it was met, met after an extension, still runs or is overdue', () => {
    const view = publicCaseView(aCase(), DEPARTMENTS, NO_REVIEWS, TODAY)!;
    expect(view.deadlines.map((deadline) => deadline.outcome)).toEqual(['met', 'met_after_extension', 'running']);
    const later = publicCaseView(aCase(), DEPARTMENTS, NO_REVIEWS, '2026-04-11')!;
    expect(later.deadlines.at(-1)?.outcome).toBe('overdue');
  });

  it('withholds flagged text and keeps only web links', () => {
    const flagged = 'Phone Captain Thabo Mthembu on 082 555 1234.';
    const view = publicCaseView(
      aCase({ problemStatement: flagged, responseActions: [{ ...aCase().responseActions[0]!, responsible: flagged }] }),
      DEPARTMENTS,
      NO_REVIEWS,
      TODAY,
    )!;
    expect(view.problemStatement).toBe(WITHHELD_TEXT);
    expect(view.responsePlan[0]).toMatchObject({ responsible: WITHHELD_TEXT, evidenceUrl: null });
    expect(JSON.stringify(view)).not.toMatch(/Mthembu|082 555/);
  });

  it('says what follow-up monitoring found', () => {
    const view = publicCaseView(
      aCase({ followUpResults: ['improved', 'still_reported'] }),
      DEPARTMENTS,
      NO_REVIEWS,
      TODAY,
    )!;
    expect(view.followUp).toEqual({
      facilities: 3,
      recorded: 2,
      better: 1,
      summary: 'Improved at 1 of 3 facilities (findings from 2)',
    });
  });

  it('lists every text it would publish, for the review queue, and none it leaves out', () => {
    const texts = publicTextsOf(aCase()).map((entry) => entry.text);
    expect(texts).toContain('We agree the contract is the cause.');
    expect(texts).toContain('Provincial fleet manager');
    expect(texts).not.toContain('Internal: ask the fleet manager');
    expect(texts).not.toContain('Draft by Ms Naledi Mokoena');
  });

  it('names the system when no person acted', () => {
    expect(officeOf(null, null, DEPARTMENTS)).toBe('CBM Tracker');
    expect(officeOf('analyst', null, DEPARTMENTS)).toBe('DPME CBM analyst');
  });
});
