import { AppError } from '../../shared/errors';

/** The AppError `fn` throws (any other error is rethrown; not throwing fails the test). */
export function thrownAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
