import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { ServiceError, type FieldSuggestion } from '../../server/services/shared/service-error.ts';
import { describeFieldProblems, fieldProblemsOf, summaryLineOf, type FieldProblems } from './field-problems.ts';
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
 * A refused form post as the page shows it: a summary plus a plain sentence per field, from the input
 * schema's issues or a service's field problems. `labels` turns field names into the form's words; a
 * field without one is named in words too, never by its code name.
 */
export function formErrorsOf(error: unknown, labels: Record<string, string> = {}): FormErrors {
  const fields = fieldProblemsIn(error, labels);
  if (!fields) return { summary: [messageOf(error, labels)], fields: {} };
  const summary = describeFieldProblems(fields, labels);
  const suggestions = suggestionsIn(error);
  return suggestions ? { summary, fields, suggestions } : { summary, fields };
}

function suggestionsIn(error: unknown): Record<string, FieldSuggestion[]> | undefined {
  const cause = error instanceof TRPCError ? error.cause : error;
  return cause instanceof ServiceError && isFieldDetails(cause.details) ? cause.details.suggestions : undefined;
}

/** The field problems a refusal carries (an input schema's issues, or a service's), or null when it names no field. */
export function fieldProblemsIn(error: unknown, labels: Record<string, string> = {}): FieldProblems | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof ZodError) return fieldProblemsOf(cause, labels);
  if (!(cause instanceof ServiceError)) return null;
  if (isFieldDetails(cause.details)) return { ...cause.details.fields };
  // A refusal about one field ({ field: 'email' }) is shown beside it, in the service's own words.
  if (isOneFieldDetails(cause.details)) return { [cause.details.field]: cause.message };
  return null;
}

function isFieldDetails(
  details: unknown,
): details is { fields: Record<string, string>; suggestions?: Record<string, FieldSuggestion[]> } {
  return typeof details === 'object' && details !== null && 'fields' in details;
}

function isOneFieldDetails(details: unknown): details is { field: string } {
  return typeof details === 'object' && details !== null && typeof (details as { field?: unknown }).field === 'string';
}

/**
 * A field's id, which the error summary links to: its name, led by the form's `idPrefix` where a page has two
 * forms with a field of the same name (a `note` in each), so that ids stay unique and each link finds its form.
 */
export const fieldIdOf = (name: string, idPrefix = '') => (idPrefix ? `${idPrefix}-${name}` : name);

/** The id of a field's message (FieldError), for its input's aria-describedby. */
export const errorIdOf = (name: string, idPrefix = '') => `${fieldIdOf(name, idPrefix)}-error`;

/** Accessible error wiring for one input: marks it invalid and points it at its message (FieldError). */
export function invalidAttributes(
  errors: FormErrors,
  name: string,
  idPrefix = '',
): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  return errors.fields[name] ? { 'aria-invalid': 'true', 'aria-describedby': errorIdOf(name, idPrefix) } : {};
}

/**
 * A form a page checks itself (two passwords that differ) refused field by field, in the page's words,
 * which are sentences naming the field; the summary lists them in the same order.
 */
export function fieldErrorsOf(fields: Record<string, string>): FormErrors {
  return { summary: describeFieldProblems(fields), fields };
}

/** One line of the error summary: a link to the field (whose input's id is its name), or plain words. */
export interface SummaryLine {
  field: string | null;
  text: string;
}

/**
 * The error summary's lines: a link per field with a message, in the summary's words (formErrorsOf writes one
 * line per field, in the fields' order), then any line a page added that names no field.
 */
export function summaryLinesOf(errors: FormErrors): SummaryLine[] {
  const fields = Object.keys(errors.fields);
  return [
    ...fields.map((field, index) => ({
      field,
      text: errors.summary[index] ?? summaryLineOf(field, errors.fields[field] ?? ''),
    })),
    ...errors.summary.slice(fields.length).map((text) => ({ field: null, text })),
  ];
}
