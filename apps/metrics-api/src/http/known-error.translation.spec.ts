import { MetricsDbError } from '@metrics-store/metrics-db';
import { ReadRejectedError } from '../admission/read-rejected.error';
import { ApiError } from './api-error';
import { translateKnownError } from './known-error.translation';

describe('translateKnownError', () => {
  it('answers a value the store refused 400, naming its field', () => {
    const refused = translateKnownError(
      new MetricsDbError('invalid_text', 'name must not contain NUL', false, { field: 'name' }),
    );
    expect(refused).toMatchObject({
      code: 'invalid_request',
      status: 400,
      issues: [{ path: 'name', message: 'name must not contain NUL' }],
    });
    expect(translateKnownError(new MetricsDbError('invalid_date', 'bad', false))).toMatchObject({
      status: 400,
      issues: [{ path: 'request', message: 'bad' }],
    });
  });

  it('answers a database that does not answer, or not in time, 503 with Retry-After', () => {
    for (const code of ['connection_error', 'query_canceled', 'too_many_connections']) {
      expect(translateKnownError(new MetricsDbError(code, 'x', true))).toMatchObject({
        code: 'unavailable',
        status: 503,
        retryAfterSeconds: 2,
      });
    }
  });

  it('answers reads the scheduler did not start 429 or 503 with its Retry-After', () => {
    expect(translateKnownError(new ReadRejectedError('queue_full', 3))).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 3,
    });
    for (const reason of ['queue_timeout', 'client_gone'] as const) {
      expect(translateKnownError(new ReadRejectedError(reason, 1))).toMatchObject({
        code: 'unavailable',
        status: 503,
        retryAfterSeconds: 1,
      });
    }
  });

  it('passes ApiErrors through and leaves anything else to the 500 path', () => {
    const own = new ApiError('forbidden', 'no');
    expect(translateKnownError(own)).toBe(own);
    expect(translateKnownError(new MetricsDbError('sqlstate_42P01', 'no such table', false))).toBeUndefined();
    expect(translateKnownError(new MetricsDbError('constraint_violation', 'dup', false))).toBeUndefined();
    expect(translateKnownError(new Error('bug'))).toBeUndefined();
  });
});
