import type { z } from 'zod';

/** One line per problem, with where it is: `[3].title: Too small: expected string to have >=8 characters`. */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
