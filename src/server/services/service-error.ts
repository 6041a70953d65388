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

/** A refusal that names the form fields at fault, so that a page can show each beside its field. */
export function fieldError(fields: Record<string, string>): ServiceError {
  const message = Object.entries(fields)
    .map(([name, problem]) => `${name}: ${problem}`)
    .join('; ');
  return new ServiceError('invalid_input', message, { fields });
}
