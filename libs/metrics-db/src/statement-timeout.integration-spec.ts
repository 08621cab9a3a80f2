import { Client } from 'pg';
import { createMetricsStore } from './metrics-store';
import { isRetriableError } from './pg/metrics-db.error';
import { openTestStore, PROJECT_A, type TestStore } from './testing/metrics-store.fixture';

describe('statementTimeoutMs', () => {
  let t: TestStore;
  let admin: Client;

  beforeAll(async () => {
    t = await openTestStore();
    admin = new Client({ connectionString: t.database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await t.dispose();
  });

  it('ends a statement that runs longer with the retriable query_canceled, while what it waits for still holds', async () => {
    const store = await createMetricsStore({
      databaseUrl: t.database.url,
      poolSize: 2,
      statementTimeoutMs: 200,
    });
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE daily_metrics IN ACCESS EXCLUSIVE MODE');
      const failure = await store.listMetricNames(PROJECT_A, '2026-01-01', '2026-01-31').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ name: 'MetricsDbError', code: 'query_canceled', retriable: true });
      expect(isRetriableError(failure)).toBe(true);
      // The lock is still held: the statement was ended by its timeout, not by the lock going away.
      const { rows } = await admin.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE pid = pg_backend_pid() AND mode = 'AccessExclusiveLock' AND granted`,
      );
      expect(rows[0].n).toBeGreaterThan(0);
      await admin.query('ROLLBACK');
      await expect(store.listMetricNames(PROJECT_A, '2026-01-01', '2026-01-31')).resolves.toEqual({
        names: [],
        truncated: false,
      });
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await store.close();
    }
  });

  it('leaves statements of a store without it to run as long as they need', async () => {
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE daily_metrics IN ACCESS EXCLUSIVE MODE');
    const read = t.store.listMetricNames(PROJECT_A, '2026-01-01', '2026-01-31');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await admin.query('ROLLBACK');
    await expect(read).resolves.toEqual({ names: [], truncated: false });
  });
});
