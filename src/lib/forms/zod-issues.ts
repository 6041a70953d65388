import type { z } from 'zod';
import { plainProblemOf } from './field-problems.ts';

/**
 * One line per problem, with where it is, for API clients and scripts: `rows[3].title: enter at least 8
 * characters`. The reason is the schema's own words or a plain sentence (plainProblemOf), never Zod's English.
 */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    const problem = plainProblemOf(issue);
    return path ? `${path}: ${problem}` : problem;
  });
}
