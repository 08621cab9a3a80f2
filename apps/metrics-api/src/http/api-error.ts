export type ApiErrorCode =
  'invalid_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'payload_too_large' | 'internal';

export interface ApiIssue {
  path: string;
  message: string;
}

export const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  internal: 500,
};

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
    return STATUS_BY_CODE[this.code];
  }

  static invalid(issues: ApiIssue[], message = 'The request is not valid'): ApiError {
    return new ApiError('invalid_request', message, issues);
  }
}
