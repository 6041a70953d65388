import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { ServiceError } from '../../server/services/shared/service-error.ts';
import { describeFieldProblems, fieldProblemsOf } from './field-problems.ts';

/**
 * The message a page shows for a refused action: the service's own words, which name the problem
 * and the next step, or the input's problems field by field in plain words ("Note: contains a control
 * character (U+0000) at position 3; remove it"), never a schema's wording or a field's code name.
 * Anything else is a bug and is thrown on to the error page.
 */
export function messageOf(error: unknown, labels: Record<string, string> = {}): string {
  if (error instanceof ServiceError) return serviceMessageOf(error, labels);
  if (error instanceof TRPCError && error.cause instanceof ZodError) {
    return describeFieldProblems(fieldProblemsOf(error.cause, labels), labels).join('; ');
  }
  if (error instanceof TRPCError && error.cause instanceof ServiceError) return serviceMessageOf(error.cause, labels);
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error.message;
  throw error;
}

/** A service's field problems carry their fields' code names in the message (for API clients): words here. */
function serviceMessageOf(error: ServiceError, labels: Record<string, string>): string {
  const details = error.details as { fields?: unknown } | undefined;
  if (details && typeof details.fields === 'object' && details.fields !== null) {
    return describeFieldProblems(details.fields as Record<string, string>, labels).join('; ');
  }
  return error.message;
}
