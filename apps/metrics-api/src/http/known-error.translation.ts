import { MetricsDbError } from '@metrics-store/metrics-db';
import { ReadRejectedError } from '../admission/read-rejected.error';
import { ApiError } from './api-error';

// How long a client should wait before trying again when the database does not answer.
const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The store's refusals of a value: its own checks behind the schemas, so the client sees them as 400. */
function refusedValue(error: MetricsDbError): ApiError | undefined {
  if (!error.code.startsWith('invalid_')) return undefined;
  const path = error.field ?? 'request';
  return ApiError.invalid([{ path, message: error.message }], `Invalid ${path}`);
}

/**
 * Errors that are no bug, as the client should see them: a read the scheduler did not start (429, or 503
 * for one that waited too long or whose client went away, if anyone is still there to see it), a value the
 * store refused (400), and a database that does not answer, or not in time (503). undefined for anything else.
 */
export function translateKnownError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof ReadRejectedError) {
    return error.reason === 'queue_full'
      ? new ApiError(
          'rate_limited',
          'This project already has as many reads waiting as it may; try again shortly',
          undefined,
          error.retryAfterSeconds,
        )
      : ApiError.unavailable('The server is too busy to start this read in time', error.retryAfterSeconds);
  }
  if (error instanceof MetricsDbError) {
    if (error.code === 'project_busy') {
      return ApiError.unavailable(
        'Flushes of this project kept its rows busy; nothing was erased, try again',
        DATABASE_RETRY_AFTER_SECONDS,
      );
    }
    if (error.retriable) {
      return ApiError.unavailable('The database does not answer right now', DATABASE_RETRY_AFTER_SECONDS);
    }
    return refusedValue(error);
  }
  return undefined;
}
