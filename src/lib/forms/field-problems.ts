import type { z } from 'zod';

/** A form's problems, one plain sentence per field, keyed by the field's path (`rootCauses.0.statement`). */
export type FieldProblems = Record<string, string>;

/**
 * Zod's own English messages ("Too small: expected string to have >=2 characters", "Invalid string: must
 * match pattern /^…$/"). Ours are lower-case words written for a person, so a capital start is Zod's.
 */
const ZOD_DEFAULT_MESSAGE = /^(Invalid\b|Too (small|big): |Unrecognized keys?: )/;

/**
 * The problem as a person reads it beside the field, in GOV.UK's manner (what to do, naming the field): the
 * schema's own words where it has them, otherwise a sentence made from the issue's kind ("Enter the wave",
 * "Title must be 200 characters or fewer"), never Zod's wording, a pattern, a type name or bounds notation.
 * `field` names the field in lower-case words; by default the words of the last name in the issue's path.
 */
export function plainProblemOf(issue: z.core.$ZodIssue, field = fieldWordsOfPath(issue.path)): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  const Field = capitalised(field);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `${Field} must be a whole number, for example 12`;
      return issue.expected === 'number' ? `${Field} must be a number, for example 12` : `Enter the ${field}`;
    case 'invalid_value':
      return `Choose the ${field} from the options offered`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? `Enter the ${field}`
          : `${Field} must be ${issue.minimum} characters or more`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose at least ${issue.minimum}`;
      return `${Field} must be ${issue.minimum} or more`;
    case 'too_big':
      if (issue.origin === 'string') return `${Field} must be ${issue.maximum} characters or fewer`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Choose ${issue.maximum} or fewer`;
      return `${Field} must be ${issue.maximum} or less`;
    case 'invalid_format':
      return formatSentenceOf(issue.format, field);
    case 'not_multiple_of':
      return `${Field} must be a multiple of ${issue.divisor}`;
    default:
      return `Check the ${field} and send the form again`;
  }
}

function formatSentenceOf(format: string, field: string): string {
  switch (format) {
    case 'email':
      return 'Enter an e-mail address in the correct format, like name@example.org';
    case 'date':
      return `Enter the ${field} as a date, for example 14 3 2026`;
    case 'datetime':
      return `Enter the ${field} as a date and time`;
    case 'url':
      return 'Enter a web address in the correct format, like https://example.org';
    default:
      return `Enter the ${field} in the correct format`;
  }
}

const capitalised = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** The last name of a path in lower-case words: `rootCauses.0.statement` gives "statement", `departmentId` "department". */
function fieldWordsOfPath(path: readonly PropertyKey[]): string {
  const name = [...path].reverse().find((part) => typeof part === 'string');
  return name === undefined ? 'form' : wordsOfIdentifier(name).toLowerCase();
}

/**
 * Every problem of a Zod error, the first one per field (the one to fix first), in plain sentences; `labels`
 * (the form's words for its fields) name a field in a sentence made from the issue's kind.
 */
export function fieldProblemsOf(error: z.ZodError, labels: Record<string, string> = {}): FieldProblems {
  const problems: FieldProblems = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join('.');
    const label = labels[name];
    problems[name] ??= label ? plainProblemOf(issue, label.toLowerCase()) : plainProblemOf(issue);
  }
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

/**
 * A problem as the error summary lists it: a sentence that names its field ("Enter a title") as it is; a
 * problem of a row says which row ("Root causes, row 2: Enter the statement"); a few services still give
 * a phrase ("cannot be negative"), which is led by the field's words.
 */
export function summaryLineOf(name: string, problem: string, labels: Record<string, string> = {}): string {
  const isSentence = /^[A-Z0-9"“]/.test(problem);
  const rowAt = name.split('.').findLastIndex((part) => /^\d+$/.test(part));
  if (!isSentence) return `${fieldWordsOf(name, labels)}: ${problem}`;
  if (rowAt < 0 || labels[name]) return problem;
  return `${fieldWordsOf(
    name
      .split('.')
      .slice(0, rowAt + 1)
      .join('.'),
    labels,
  )}: ${problem}`;
}

/** One line per problem for a page that shows a single message or a summary ("Enter a title"). */
export function describeFieldProblems(problems: FieldProblems, labels: Record<string, string> = {}): string[] {
  return Object.entries(problems).map(([name, problem]) => summaryLineOf(name, problem, labels));
}
