import { failureTitle, isRetriable, parseRetryAfter, readFailure } from './api-failure';

describe('API failures as the page shows them', () => {
  it("keeps the API's code, message and issues as it words them", () => {
    const body = JSON.stringify({
      error: {
        code: 'invalid_request',
        message: 'Invalid query',
        issues: [{ path: 'to', message: 'must not be before from' }],
      },
    });
    const failure = readFailure(400, 'Bad Request', body, null);
    expect(failure).toEqual({
      status: 400,
      code: 'invalid_request',
      message: 'Invalid query',
      issues: [{ path: 'to', message: 'must not be before from' }],
      retryAfterSeconds: undefined,
    });
    expect(failureTitle(failure)).toBe('The API refused the request');
    expect(isRetriable(failure)).toBe(false);
  });

  it('reads Retry-After of 429 and 503, in seconds or as a date', () => {
    const body = JSON.stringify({ error: { code: 'unavailable', message: 'The database does not answer' } });
    const failure = readFailure(503, 'Service Unavailable', body, '7');
    expect(failure.retryAfterSeconds).toBe(7);
    expect(isRetriable(failure)).toBe(true);
    const now = Date.parse('2026-11-01T10:00:00Z');
    expect(parseRetryAfter('Sun, 01 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('describes an answer that is not the contract shape (a proxy page) without inventing a code', () => {
    const failure = readFailure(502, 'Bad Gateway', '<html>upstream down</html>', null);
    expect(failure.code).toBe('http_502');
    expect(failure.message).toBe('<html>upstream down</html>');
    expect(readFailure(502, 'Bad Gateway', '', null).message).toBe('Bad Gateway');
  });
});
