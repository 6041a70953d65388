import type { z } from 'zod';

/** A form's problems, one plain sentence per field, keyed by the field's path (`rootCauses.0.statement`). */
export type FieldProblems = Record<string, string>;

/**
 * Zod's own English messages ("Too small: expected string to have >=2 characters", "Invalid string: must
 * match pattern /^…$/"). Ours are lower-case words written for a person, so a capital start is Zod's.
 */
const ZOD_DEFAULT_MESSAGE = /^(Invalid\b|Too (small|big): |Unrecognized keys?: )/;

/**
 * The problem as a person reads it beside the field: the schema's own words where it has them, otherwise
 * a sentence made from the issue's kind, never Zod's wording, a pattern or a type name.
 */
export function plainProblemOf(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'enter a whole number';
      return issue.expected === 'number' ? 'enter a number' : 'fill this in';
    case 'invalid_value':
      return 'choose one of the options offered';
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? 'fill this in' : `enter at least ${issue.minimum} characters`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') return `choose at least ${issue.minimum}`;
      return Number(issue.minimum) === 0 ? 'cannot be negative' : `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `at most ${issue.maximum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${issue.maximum}`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return FORMAT_SENTENCES[issue.format] ?? 'is not written the way this field expects';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is not valid here; check it and send the form again';
  }
}

const FORMAT_SENTENCES: Record<string, string> = {
  email: 'expected an e-mail address such as name@example.org',
  date: 'expected a date such as 2026-03-14',
  datetime: 'expected a date and time',
  url: 'expected a web address such as https://example.org',
};

/** Every problem of a Zod error, the first one per field (the one to fix first), in plain sentences. */
export function fieldProblemsOf(error: z.ZodError): FieldProblems {
  const problems: FieldProblems = {};
  for (const issue of error.issues) problems[issue.path.map(String).join('.')] ??= plainProblemOf(issue);
  return problems;
}

/**
 * A field's name in words for a summary line when the form gave no label (a hidden field, a procedure
 * called from a page without one): `departmentId` reads "Department", `rootCauses.0.statement` reads
 * "Root causes, row 1, statement", and a problem with the whole input reads "This form".
 */
export function fieldWordsOf(name: string, labels: Record<string, string> = {}): string {
  if (labels[name]) return labels[name];
  if (name === '') return 'This form';
  const [head = '', ...rest] = name.split('.');
  const words = [labels[head] ?? wordsOfIdentifier(head)];
  for (const part of rest)
    words.push(/^\d+$/.test(part) ? `row ${Number(part) + 1}` : wordsOfIdentifier(part).toLowerCase());
  return words.join(', ');
}

function wordsOfIdentifier(identifier: string): string {
  const words = identifier
    .replace(/Ids?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One line per problem for a page that shows a single message: "Title: a title is required". */
export function describeFieldProblems(problems: FieldProblems, labels: Record<string, string> = {}): string[] {
  return Object.entries(problems).map(([name, problem]) => `${fieldWordsOf(name, labels)}: ${problem}`);
}
