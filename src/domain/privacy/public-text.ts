import { findPersonalData, redactPersonalData, type PersonalDataFinding } from './personal-data.ts';

/**
 * The gate every free text passes before the public reads it (a case's title and statement, a decision's
 * reason, a public comment, a response action, a charter's commitment). Text the personal-data check finds
 * nothing in is published as written; flagged text is withheld until an analyst reviewed it, and then
 * published as written (a false alarm) or with each finding replaced ("[name removed]").
 *
 * A review is kept against the text's digest, not its row: an edit makes new text, which is checked again,
 * and a case event's reason (which nobody may rewrite) can be published redacted without changing the record.
 */

export const PUBLIC_TEXT_DECISIONS = ['publish', 'redact'] as const;
export type PublicTextDecision = (typeof PUBLIC_TEXT_DECISIONS)[number];

/** The analyst's decision on a flagged text, if any (the services look it up by the text's digest). */
export type PublicTextReviews = (text: string) => PublicTextDecision | undefined;

export const NO_REVIEWS: PublicTextReviews = () => undefined;

export type PublicText = { shown: true; text: string; redacted: boolean } | { shown: false; reason: 'awaiting_review' };

/** What the public reads in place of text that waits for an analyst's review. */
export const WITHHELD_TEXT = 'Not published yet: an analyst is checking this text for personal information.';

/** How `text` may be published, given the reviews of the texts it could be. */
export function publicTextOf(text: string, reviews: PublicTextReviews): PublicText {
  const findings = findPersonalData(text);
  if (findings.length === 0) return { shown: true, text, redacted: false };
  const decision = reviews(text);
  if (decision === 'publish') return { shown: true, text, redacted: false };
  if (decision === 'redact') return { shown: true, text: redactPersonalData(text, findings), redacted: true };
  return { shown: false, reason: 'awaiting_review' };
}

/** What the public reads for `text`: itself, redacted, or the notice that it waits for review. */
export function publicWordsOf(text: string, reviews: PublicTextReviews): string {
  const published = publicTextOf(text, reviews);
  return published.shown ? published.text : WITHHELD_TEXT;
}

/** The texts among `texts` that need a review before they can be published (flagged, not blank), once each. */
export function textsNeedingReview(texts: readonly (string | null | undefined)[]): string[] {
  return [...new Set(texts.filter((text): text is string => !!text && findPersonalData(text).length > 0))];
}

/** A flagged text as the review queue shows it: the findings marked, for the analyst's decision. */
export interface TextForReview {
  text: string;
  findings: PersonalDataFinding[];
  /** What the public would read if the analyst chose to redact. */
  redacted: string;
}

export function textForReview(text: string): TextForReview {
  const findings = findPersonalData(text);
  return { text, findings, redacted: redactPersonalData(text, findings) };
}
