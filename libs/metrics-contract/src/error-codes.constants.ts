/** The API's error codes and the HTTP status each one is answered with (docs/api.md). */
export const API_ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  /** With `Retry-After`: this project already has as many reads waiting as it may. */
  rate_limited: 429,
  internal: 500,
  /** With `Retry-After`: the database does not answer, or the server could not start the read in time. */
  unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** Why a record went to the dead-letter topic: its `x-error-code` header (docs/events.md). */
export const DEAD_LETTER_CODES = [
  'invalid_json',
  'invalid_event',
  'timestamp_out_of_range',
  'too_large',
  /** The event's type would be one more than MAX_TYPES_PER_DAY for its project and local date. */
  'too_many_types',
] as const;

export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];
