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
}
