import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { LOG_LEVELS, type LogLevel } from '../../lib/env.ts';

const EMAIL_ADDRESS = /[\w.%+-]+@[\w-]+(\.[\w-]+)+/g;

/**
 * An error as logged: pino's usual fields, with any e-mail address in its words replaced (a refused delivery
 * quotes the recipient; a database error may quote a row).
 */
export function errorWithoutEmailAddresses(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  return JSON.parse(JSON.stringify(serialized).replace(EMAIL_ADDRESS, '[e-mail address]')) as unknown;
}

/** LOG_LEVEL, as the start script has validated it; read here too, since this module loads before the check. */
function levelOf(value: string | undefined): LogLevel {
  return LOG_LEVELS.find((level) => level === value) ?? 'info';
}

/**
 * The server's log: one JSON line per event on standard output, for whatever collects the process's output.
 * Request failures carry the request id that the person who met them was shown.
 */
export const logger = pino({
  base: { service: 'cbm-tracker' },
  timestamp: pino.stdTimeFunctions.isoTime,
  level: levelOf(process.env.LOG_LEVEL),
  serializers: { err: errorWithoutEmailAddresses },
});

/** A short id for one request, shown to the person and logged with anything that goes wrong in it. */
export function newRequestId(): string {
  return randomBytes(6).toString('hex');
}

/** The words a person sees for a failure on our side: never the error itself (it may quote the database). */
export function internalErrorMessage(requestId: string): string {
  return `Something went wrong on our side. Try again; if it happens again, give the administrator this reference: ${requestId}.`;
}

const logged = new WeakSet<object>();

/** Logs an unexpected error of a request once, however many layers it passes through. */
export function logRequestError(error: unknown, context: { requestId: string; where: string }): void {
  if (typeof error === 'object' && error !== null) {
    if (logged.has(error)) return;
    logged.add(error);
  }
  logger.error({ err: error, requestId: context.requestId, where: context.where }, 'request failed');
}

/** Marks an error (one that stands for another, already logged) as logged. */
export function markLogged(error: object): void {
  logged.add(error);
}
