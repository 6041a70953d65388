import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { ServiceError } from '../server/services/service-error.ts';
import { describeZodIssues } from './zod-issues.ts';

/**
 * The message a page shows for a refused action: the service's own words, which name the problem
 * and the next step, or the input's problems field by field ("note: contains a control character
 * (U+0000) at position 3; remove it"). Anything else is a bug and is thrown on to the error page.
 */
export function messageOf(error: unknown): string {
  if (error instanceof ServiceError) return error.message;
  if (error instanceof TRPCError && error.cause instanceof ZodError) return describeZodIssues(error.cause).join('; ');
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error.message;
  throw error;
}
