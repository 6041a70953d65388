import { ServiceError } from '../../src/server/services/service-error.ts';

/** The ServiceError a call is refused with; fails the test when the call succeeds or fails otherwise. */
export function refusalOf(promise: Promise<unknown>): Promise<ServiceError> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      if (!(error instanceof ServiceError)) throw error;
      return error;
    },
  );
}
