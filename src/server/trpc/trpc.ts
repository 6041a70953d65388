import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { describeZodIssues } from '../../lib/zod-issues.ts';
import { ServiceError, type ServiceErrorCode } from '../services/service-error.ts';
import type { Context } from './context.ts';

const trpcCodeFor: Record<ServiceErrorCode, TRPC_ERROR_CODE_KEY> = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  invalid_input: 'BAD_REQUEST',
  refused: 'UNPROCESSABLE_CONTENT',
  stale_version: 'CONFLICT',
};

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      message: zodError ? describeZodIssues(zodError).join('; ') : shape.message,
      data: {
        ...shape.data,
        // Never send a server stack trace to a browser.
        stack: undefined,
        issues: zodError?.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) ?? null,
      },
    };
  },
});

// Services know nothing of HTTP; this is the one place their errors are translated.
const translateServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeFor[cause.code], message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Open to everyone, signed in or not. */
export const publicProcedure = t.procedure.use(translateServiceErrors);
