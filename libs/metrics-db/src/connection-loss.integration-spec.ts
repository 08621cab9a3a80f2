import { Client } from 'pg';
import { createMetricsStore } from './metrics-store';
import type { MetricsStore } from './metrics-store.types';
import { openTestStore, segmentOf, type TestStore } from './testing/metrics-store.fixture';

const APPLICATION_NAME = 'metrics-db-connection-loss-test';

describe('a lost connection', () => {
  let t: TestStore;
  let store: MetricsStore;
  let admin: Client;

  beforeAll(async () => {
    t = await openTestStore();
    store = await createMetricsStore({
      databaseUrl: t.database.url,
      poolSize: 1,
      applicationName: APPLICATION_NAME,
    });
    admin = new Client({ connectionString: t.database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await store.close();
    await t.dispose();
  });

  /** Terminates the store's backend while it waits, inside applyBatch, for a lock this test holds. */
  const terminateDuringBatch = async (batch: Parameters<MetricsStore['applyBatch']>[0]) => {
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE daily_metrics IN ACCESS EXCLUSIVE MODE');
    const attempt = store.applyBatch(batch).then(
      () => null,
      (err: unknown) => err,
    );
    for (;;) {
      const { rows } = await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
        [APPLICATION_NAME],
      );
      if (rows.length > 0) {
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.query('COMMIT');
    return attempt;
  };

  it('surfaces as a retriable MetricsDbError, and the store works again afterwards', async () => {
    const batch = {
      groupId: 'g',
      topic: 't',
      segments: [segmentOf(0, 0, [{ type: 'click', date: '2026-11-01' }])],
    };
    expect(await terminateDuringBatch(batch)).toMatchObject({ name: 'MetricsDbError', retriable: true });

    // The retry of the same batch counts it once.
    await expect(store.applyBatch(batch)).resolves.toMatchObject({ appliedEvents: 1 });
    await expect(store.applyBatch(batch)).resolves.toMatchObject({ appliedEvents: 0, skippedEvents: 1 });
    const series = await store.readSeries({
      projectId: batch.segments[0].events[0].projectId,
      from: '2026-11-01',
      to: '2026-11-01',
      metrics: ['click'],
      granularity: 'day',
    });
    expect(series.click.total).toBe(1);
  });

  it('makes close idempotent', async () => {
    const extra = await createMetricsStore({ databaseUrl: t.database.url, poolSize: 1 });
    await extra.close();
    await expect(extra.close()).resolves.toBeUndefined();
  });
});
