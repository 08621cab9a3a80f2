import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { isRetriableError, MetricsDbError, toMetricsDbError } from './metrics-db.error';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('isRetriableError', () => {
  it.each(['40001', '40P01', '57P01', '57014', '53300', '08000', '08006', '08003'])(
    'is true for SQLSTATE %s',
    (code) => {
      expect(isRetriableError(pgError(code))).toBe(true);
    },
  );

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'])('is true for socket error %s', (code) => {
    expect(isRetriableError(pgError(code))).toBe(true);
  });

  it('is true for the driver losing its connection', () => {
    expect(isRetriableError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isRetriableError(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('is true for a transaction whose connection TypeORM released after its server died', () => {
    expect(isRetriableError(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(toMetricsDbError(new QueryRunnerAlreadyReleasedError())).toMatchObject({ retriable: true });
  });

  it('looks through TypeORM wrappers, causes and aggregate errors', () => {
    expect(isRetriableError({ message: 'query failed', driverError: pgError('40P01') })).toBe(true);
    expect(isRetriableError(new Error('outer', { cause: pgError('ECONNREFUSED') }))).toBe(true);
    expect(isRetriableError(new AggregateError([pgError('ECONNREFUSED')], 'all failed'))).toBe(true);
  });

  it.each(['23505', '23503', '23502', '22P02', '42P01'])('is false for SQLSTATE %s', (code) => {
    expect(isRetriableError(pgError(code))).toBe(false);
  });

  it('is false for plain errors and non-errors, and follows MetricsDbError.retriable', () => {
    expect(isRetriableError(new Error('bad input'))).toBe(false);
    expect(isRetriableError('nope')).toBe(false);
    expect(isRetriableError(null)).toBe(false);
    expect(isRetriableError(new MetricsDbError('x', 'x', true))).toBe(true);
    expect(isRetriableError(new MetricsDbError('invalid_timezone', 'x', false))).toBe(false);
  });
});

describe('toMetricsDbError', () => {
  it('names the failure and keeps the original as cause', () => {
    const original = pgError('40P01', 'deadlock detected');
    const wrapped = toMetricsDbError(original);
    expect(wrapped).toBeInstanceOf(MetricsDbError);
    expect(wrapped).toMatchObject({
      code: 'deadlock_detected',
      retriable: true,
      message: 'deadlock detected',
    });
    expect(wrapped.cause).toBe(original);
    expect(toMetricsDbError(pgError('23505'))).toMatchObject({
      code: 'constraint_violation',
      retriable: false,
    });
  });

  it('names a statement over statement_timeout query_canceled', () => {
    expect(toMetricsDbError(pgError('57014', 'canceling statement due to statement timeout'))).toMatchObject({
      code: 'query_canceled',
      retriable: true,
    });
  });

  it('passes a MetricsDbError through unchanged', () => {
    const own = new MetricsDbError('invalid_date', 'x', false);
    expect(toMetricsDbError(own)).toBe(own);
  });
});
