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
