import { describe, expect, it } from 'vitest';
import {
  NO_REVIEWS,
  publicTextOf,
  publicWordsOf,
  textForReview,
  textsNeedingReview,
  WITHHELD_TEXT,
  type PublicTextReviews,
} from '../../../src/domain/privacy/public-text.ts';

const FLAGGED = 'Call Mr Sipho Dlamini on 082 555 1234 about the broken van.';
const reviewed =
  (decision: 'publish' | 'redact'): PublicTextReviews =>
  (text) =>
    text === FLAGGED ? decision : undefined;

describe('the personal-data gate before publication', () => {
  it('publishes text in which the check finds nothing, as written', () => {
    expect(publicTextOf('Vehicles wait months for repair.', NO_REVIEWS)).toEqual({
      shown: true,
      text: 'Vehicles wait months for repair.',
      redacted: false,
    });
  });

  it('withholds flagged text until an analyst reviewed it', () => {
    expect(publicTextOf(FLAGGED, NO_REVIEWS)).toEqual({ shown: false, reason: 'awaiting_review' });
    expect(publicWordsOf(FLAGGED, NO_REVIEWS)).toBe(WITHHELD_TEXT);
  });

  it('publishes reviewed text as written or with each finding replaced, as the analyst chose', () => {
    expect(publicWordsOf(FLAGGED, reviewed('publish'))).toBe(FLAGGED);
    const redacted = publicTextOf(FLAGGED, reviewed('redact'));
    expect(redacted).toMatchObject({ shown: true, redacted: true });
    expect(publicWordsOf(FLAGGED, reviewed('redact'))).not.toMatch(/Dlamini|082|555/);
    expect(publicWordsOf(FLAGGED, reviewed('redact'))).toContain('[phone number removed]');
  });

  it('checks an edited text again: a review holds for the text it was given for', () => {
    const edited = `${FLAGGED} Also ask Ms Thandi Nkosi.`;
    expect(publicTextOf(edited, reviewed('publish')).shown).toBe(false);
  });

  it('lists the flagged texts once each, leaving out blank and clean ones', () => {
    expect(textsNeedingReview([FLAGGED, '', null, undefined, 'Clean text.', FLAGGED])).toEqual([FLAGGED]);
  });

  it('shows the analyst what was found and what the public would read if redacted', () => {
    const review = textForReview(FLAGGED);
    expect(review.findings.map((finding) => finding.kind)).toEqual(['named_person', 'phone']);
    expect(review.redacted).toBe(publicWordsOf(FLAGGED, reviewed('redact')));
  });
});
