import { ServiceError } from '../../src/server/services/shared/service-error.ts';

/** The ServiceError a use case refuses with; fails the test when it succeeds or throws anything else. */
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
