import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { ServiceError, type FieldSuggestion } from '../server/services/service-error.ts';
import { messageOf } from './service-error-message.ts';

export interface FormErrors {
  /** For the error summary at the top of the form. */
  summary: string[];
  /** The message to show beside each field, keyed by the field's name in the input schema. */
  fields: Record<string, string>;
  /** What a person may have meant in a field, for the form to offer as choices (never applied unasked). */
  suggestions?: Record<string, FieldSuggestion[]>;
}

export const NO_ERRORS: FormErrors = { summary: [], fields: {} };

/**
 * A refused form post as the page shows it: a summary plus a message per field, from the input
 * schema's issues or a service's field problems. `labels` turns field names into the form's words.
 */
export function formErrorsOf(error: unknown, labels: Record<string, string> = {}): FormErrors {
  const cause = error instanceof TRPCError ? error.cause : error;
  const fields: Record<string, string> = {};
  if (cause instanceof ZodError) {
    for (const issue of cause.issues) {
      const name = issue.path.map(String).join('.');
      fields[name] ??= issue.message;
    }
  } else if (cause instanceof ServiceError && isFieldDetails(cause.details)) {
    Object.assign(fields, cause.details.fields);
  } else {
    return { summary: [messageOf(error)], fields };
  }
  const summary = Object.entries(fields).map(([name, message]) => `${labels[name] ?? name}: ${message}`);
  const suggestions =
    cause instanceof ServiceError && isFieldDetails(cause.details) ? cause.details.suggestions : undefined;
  return suggestions ? { summary, fields, suggestions } : { summary, fields };
}

function isFieldDetails(
  details: unknown,
): details is { fields: Record<string, string>; suggestions?: Record<string, FieldSuggestion[]> } {
  return typeof details === 'object' && details !== null && 'fields' in details;
}

/** Accessible error wiring for one input: marks it invalid and points it at its message (FieldError). */
export function invalidAttributes(
  errors: FormErrors,
  name: string,
): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  return errors.fields[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {};
}
