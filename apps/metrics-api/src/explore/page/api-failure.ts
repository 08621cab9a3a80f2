/** An answer of the API that is not a success, or no answer at all, as the page shows it. */
export interface ApiFailure {
  /** 0 when the API could not be reached. */
  status: number;
  code: string;
  message: string;
  issues: { path: string; message: string }[];
  /** From `Retry-After` (429, 503); undefined when the answer gives none. */
  retryAfterSeconds?: number;
}

const TITLES: Record<number, string> = {
  0: 'Could not reach the API',
  400: 'The API refused the request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  429: 'Too many requests',
  500: 'The API failed',
  503: 'The API is unavailable',
};

export function failureTitle(failure: ApiFailure): string {
  return TITLES[failure.status] ?? `The API answered ${failure.status}`;
}

/** Retry-After in seconds; the HTTP-date form counts from `now`. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: unknown };
}

function readIssues(value: unknown): ApiFailure['issues'] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (issue): issue is { path: unknown; message: unknown } => typeof issue === 'object' && issue !== null,
    )
    .map((issue) => ({ path: String(issue.path ?? ''), message: String(issue.message ?? '') }));
}

/** The contract's `{"error": {"code", "message", "issues"}}`, or a plain description of anything else. */
export function readFailure(
  status: number,
  statusText: string,
  body: string,
  retryAfter: string | null,
): ApiFailure {
  let parsed: ErrorBody | undefined;
  try {
    parsed = JSON.parse(body) as ErrorBody;
  } catch {
    parsed = undefined;
  }
  const error = parsed?.error;
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return {
      status,
      code: error.code,
      message: error.message,
      issues: readIssues(error.issues),
      retryAfterSeconds,
    };
  }
  const text = body.trim().slice(0, 200);
  return {
    status,
    code: `http_${status}`,
    message: text || statusText || `HTTP ${status}`,
    issues: [],
    retryAfterSeconds,
  };
}

export function unreachable(reason: unknown): ApiFailure {
  const message = reason instanceof Error ? reason.message : String(reason);
  return { status: 0, code: 'network_error', message, issues: [] };
}

/** Worth retrying as is: the server asked to come back later, or could not be reached. */
export function isRetriable(failure: ApiFailure): boolean {
  return failure.status === 0 || failure.status === 429 || failure.status === 503;
}
