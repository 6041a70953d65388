import { TRPCError } from '@trpc/server';
import { ServiceError } from '../server/services/service-error.ts';

/**
 * The message a page shows for a refused action: the service's own words, which name the problem
 * and the next step. Anything else is a bug and is thrown on to the error page.
 */
export function messageOf(error: unknown): string {
  if (error instanceof ServiceError) return error.message;
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error.message;
  throw error;
}
