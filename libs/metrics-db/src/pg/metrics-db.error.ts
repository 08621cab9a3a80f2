/**
 * Errors of the library say whether trying again can help, so the consumer knows to back off and retry a
 * flush (connection loss, serialization failure, deadlock) rather than treat it as a bug.
 */
export class MetricsDbError extends Error {
  override readonly name = 'MetricsDbError';
  /** The input the store refused (e.g. `name`), for the errors about one caller's value. */
  readonly field?: string;

  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown; field?: string },
  ) {
    super(message, options);
    if (options?.field !== undefined) this.field = options.field;
  }
}

// SQLSTATEs where the same statement may well succeed later; class 08 (connection exception) is matched by prefix.
const RETRIABLE_SQLSTATES: Record<string, string> = {
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
  '53300': 'too_many_connections',
  // statement_timeout, or a cancel request: the statement may well finish in time once the server is less busy.
  '57014': 'query_canceled',
};

const RETRIABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// node-postgres reports a lost socket with plain Error messages and no code.
const RETRIABLE_MESSAGES = [
  /connection terminated/i,
  /connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /terminating connection/i,
  /server closed the connection/i,
  /connection .*(lost|closed|reset)/i,
  // TypeORM releases a query runner whose connection emitted 'error' (its server died between two statements
  // of a transaction, e.g. killed with SIGKILL): that transaction can never commit, so trying again is safe.
  /query runner already released/i,
];

interface ErrorFacts {
  sqlState?: string;
  errno?: string;
  messages: string[];
}

/** Walks the wrappers (TypeORM's driverError, `cause`, AggregateError) down to what the driver said. */
function collectFacts(err: unknown, facts: ErrorFacts = { messages: [] }, depth = 0): ErrorFacts {
  if (depth > 5 || typeof err !== 'object' || err === null) return facts;
  const e = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string') {
    // EPIPE has the shape of a SQLSTATE too, so socket codes are recognised first.
    if (!RETRIABLE_ERRNOS.has(e.code) && /^[0-9A-Z]{5}$/.test(e.code)) facts.sqlState ??= e.code;
    else facts.errno ??= e.code;
  }
  if (typeof e.message === 'string') facts.messages.push(e.message);
  collectFacts(e.driverError, facts, depth + 1);
  collectFacts(e.cause, facts, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) collectFacts(inner, facts, depth + 1);
  return facts;
}

function classify(facts: ErrorFacts): { code: string; retriable: boolean } {
  const { sqlState, errno, messages } = facts;
  if (sqlState) {
    const named = RETRIABLE_SQLSTATES[sqlState];
    if (named) return { code: named, retriable: true };
    if (sqlState.startsWith('08')) return { code: 'connection_exception', retriable: true };
  }
  if (errno && RETRIABLE_ERRNOS.has(errno)) return { code: 'connection_error', retriable: true };
  if (messages.some((m) => RETRIABLE_MESSAGES.some((re) => re.test(m)))) {
    return { code: 'connection_error', retriable: true };
  }
  if (sqlState?.startsWith('23')) return { code: 'constraint_violation', retriable: false };
  if (sqlState?.startsWith('22')) return { code: 'invalid_data', retriable: false };
  return { code: sqlState ? `sqlstate_${sqlState}` : 'database_error', retriable: false };
}

/** True when the failed operation may succeed if tried again unchanged. */
export function isRetriableError(err: unknown): boolean {
  if (err instanceof MetricsDbError) return err.retriable;
  return classify(collectFacts(err)).retriable;
}

/** The library's own error for anything a driver or TypeORM threw; MetricsDbErrors pass through. */
export function toMetricsDbError(err: unknown): MetricsDbError {
  if (err instanceof MetricsDbError) return err;
  const facts = collectFacts(err);
  const { code, retriable } = classify(facts);
  return new MetricsDbError(code, facts.messages[0] ?? String(err), retriable, { cause: err });
}
