import { API_ERROR_STATUS, type ApiErrorCode } from '@metrics-store/metrics-contract';

export interface ApiIssue {
  path: string;
  message: string;
}

/** An error the client is meant to see: the error middleware renders it in the contract's shape. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
    /** `Retry-After` in whole seconds; the contract sends one with every 429 and 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }

  static invalid(issues: ApiIssue[], message = 'The request is not valid'): ApiError {
    return new ApiError('invalid_request', message, issues);
  }

  /** The database does not answer (or not in time): worth trying again shortly. */
  static unavailable(message: string, retryAfterSeconds = 1): ApiError {
    return new ApiError('unavailable', message, undefined, retryAfterSeconds);
  }
}
