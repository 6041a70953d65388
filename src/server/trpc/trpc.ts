import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import type { SignedInActor } from '../../domain/accounts/actor.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../domain/accounts/roles.ts';
import { DATABASE_BUSY_MESSAGE, isDatabaseBusy } from '../../db/busy.ts';
import { describeZodIssues } from '../../lib/forms/zod-issues.ts';
import { plainProblemOf } from '../../lib/forms/field-problems.ts';
import { internalErrorMessage, logRequestError, markLogged } from '../log/logger.ts';
import { recordAudit } from '../services/audit/audit.ts';
import { ServiceError, type ServiceErrorCode } from '../services/shared/service-error.ts';
import type { Context } from './context.ts';

/** Every procedure says who may call it; tests/integration/trpc/permission-matrix.test.ts reads this. */
export interface ProcedureMeta {
  access: 'public' | readonly Role[];
}

const trpcCodeFor: Record<ServiceErrorCode, TRPC_ERROR_CODE_KEY> = {
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  invalid_input: 'BAD_REQUEST',
  refused: 'UNPROCESSABLE_CONTENT',
  stale_version: 'CONFLICT',
};

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error, ctx }) {
      const zodError = error.cause instanceof ZodError ? error.cause : null;
      const serviceError = error.cause instanceof ServiceError ? error.cause : null;
      // An error on our side never reaches the client in its own words (they may quote the database).
      const isOurs = error.code === 'INTERNAL_SERVER_ERROR';
      const requestId = ctx?.request.id ?? 'unknown';
      if (isOurs) logRequestError(error, { requestId, where: 'trpc' });
      return {
        ...shape,
        message: zodError
          ? describeZodIssues(zodError).join('; ')
          : isOurs
            ? internalErrorMessage(requestId)
            : shape.message,
        data: {
          ...shape.data,
          // Never send a server stack trace to a browser.
          stack: undefined,
          issues:
            zodError?.issues.map((issue) => ({ path: issue.path.map(String), message: plainProblemOf(issue) })) ?? null,
          details: serviceError?.details ?? null,
        },
      };
    },
  });

// Services know nothing of HTTP; this is the one place their errors are translated.
const translateServiceErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeFor[cause.code], message: cause.message, cause });
  }
  if (!result.ok && isDatabaseBusy(result.error.cause)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_BUSY_MESSAGE, cause: result.error.cause });
  }
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    // Logged here with the request's id; callers (pages, browsers) get the id, never the error's words.
    logRequestError(result.error, { requestId: ctx.request.id, where: `trpc ${path}` });
    const standIn = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: internalErrorMessage(ctx.request.id) });
    markLogged(standIn);
    throw standIn;
  }
  return result;
});

const baseProcedure = t.procedure.use(translateServiceErrors);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Open to everyone, signed in or not. */
export const publicProcedure = baseProcedure.meta({ access: 'public' });

/**
 * Open to signed-in users of these roles only; the procedure's ctx.actor is then a signed-in user.
 * A refusal is an audit event, so that administrators see who tried what: the first of a request only,
 * so that a batch of refused calls cannot fill the audit log.
 */
export function procedureFor(...roles: readonly Role[]) {
  return restrictedProcedure(roles, { isOpenDuringEnrolment: false });
}

function restrictedProcedure(roles: readonly Role[], { isOpenDuringEnrolment }: { isOpenDuringEnrolment: boolean }) {
  return baseProcedure.meta({ access: roles }).use(async ({ ctx, next, path }) => {
    const { actor } = ctx;
    const deny = async (code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string) => {
      if (!ctx.request.hasRecordedRefusal) {
        ctx.request.hasRecordedRefusal = true;
        await recordAudit(ctx.db, actor, {
          entityType: 'procedure',
          entityId: path,
          action: 'permission.denied',
          changes: { code },
        });
      }
      return new TRPCError({ code, message });
    };
    if (actor.kind === 'public') throw await deny('UNAUTHORIZED', 'Sign in to do this.');
    if (!roles.includes(actor.role)) {
      throw await deny('FORBIDDEN', `A ${ROLE_NAMES[actor.role].toLowerCase()} cannot do this.`);
    }
    if (actor.mustEnrollTwoFactor && !isOpenDuringEnrolment) {
      throw await deny('FORBIDDEN', 'Set up two-factor sign-in on your account page first.');
    }
    return next({ ctx: { ...ctx, actor: actor satisfies SignedInActor } });
  });
}

/** Any signed-in user, also while they must still set up two-factor sign-in (their own account). */
export const ownAccountProcedure = restrictedProcedure(ROLES, { isOpenDuringEnrolment: true });
