/** The closed set of ways a use case can refuse; the tRPC layer maps each to an HTTP-ish code. */
export type ServiceErrorCode = 'not_found' | 'forbidden' | 'invalid_input' | 'refused' | 'stale_version';

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Something a person typed in a field, and what they may have meant instead, for them to choose. */
export interface FieldSuggestion {
  typed: string;
  choices: { value: string; label: string }[];
}

/**
 * A refusal that names the form fields at fault, so that a page can show each beside its field, with
 * suggestions per field that a page without JavaScript can offer as choices.
 */
export function fieldError(
  fields: Record<string, string>,
  more: { suggestions?: Record<string, FieldSuggestion[]> } = {},
): ServiceError {
  const message = Object.entries(fields)
    .map(([name, problem]) => `${name}: ${problem}`)
    .join('; ');
  return new ServiceError('invalid_input', message, { fields, ...more });
}
