import type { z } from 'zod';

/**
 * A form procedure's input: typed and walked (tests/integration/trpc) as the form's schema, but not refused
 * here: its service checks it in one pass with the rules that need the database (services/shared/form-check.ts),
 * so that a person sees every problem at once. Such a service must parse its input itself.
 */
export function formInputOf<S extends z.ZodType>(schema: S) {
  return schema.catch(({ input }) => input as z.output<S>);
}
