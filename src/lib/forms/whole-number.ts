/**
 * A whole number as a person types it ("1 000" and "1,000" too); anything else comes back as a number the
 * schema's own check refuses in its words (NaN for an empty box, 2.5 for a fraction).
 */
export const wholeNumberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.replace(/[\s,]/g, '')));

/** As wholeNumberOf, for a box that may be left empty: empty is "not given". */
export const optionalWholeNumberOf = (text: string) => (text.trim() === '' ? null : wholeNumberOf(text));
