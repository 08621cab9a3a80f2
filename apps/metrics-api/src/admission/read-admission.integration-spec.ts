import { request as httpRequest } from 'node:http';
import { Client, type QueryConfig } from 'pg';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createMetricsStore, type MetricsStore, type SeriesQuery } from '@metrics-store/metrics-db';
import { startApiServer } from '../api.server';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';
import { lockTable } from '../testing/table-lock.fixture';

const FLOODING = '6f1c2a7e-0000-4000-8000-0000000000a7';
const OTHER = '6f1c2a7e-0000-4000-8000-0000000000a8';
const metricsPath = (project: string, from = '2026-02-01') =>
  `/v1/projects/${project}/metrics?from=${from}&to=2026-02-28&metrics=page_view`;

interface ErrorBody {
  error: { code: string; message: string };
}

/** Holds the store's reads of one project until released, so that they keep their slots meanwhile. */
function holdingReadsOf(store: MetricsStore, projectId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: MetricsStore = {
    ...store,
    readSeries: async (query: SeriesQuery) => {
      if (query.projectId === projectId) await released;
      return store.readSeries(query);
    },
  };
  return { store: held, release };
}

const metricValue = (text: string, line: string) => {
  const match = new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
};

/**
 * The app's Prometheus text (what the ops port serves) once `line` reads `value` (or after 5 s, for the
 * assertions to tell).
 */
async function metricsOnce(registry: Registry, line: string, value: number): Promise<string> {
  let text = '';
  for (let waited = 0; waited < 5_000; waited += 20) {
    text = await registry.metrics();
    if (metricValue(text, line) === value) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return text;
}

describe('admission of database reads', () => {
  let fx: ApiFixture;
  let locker: Client;

  beforeAll(async () => {
    fx = await openApiFixture();
    await fx.write([
      { projectId: FLOODING, date: '2026-02-03', type: 'page_view' },
      { projectId: OTHER, date: '2026-02-03', type: 'page_view' },
    ]);
    locker = new Client({ connectionString: fx.database.url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await fx.close();
  });

  const admin = (app: Parameters<typeof request>[0], path: string) =>
    request(app).get(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);

  it("answers a flooding project's reads over its queue 429 with Retry-After while another project's are answered", async () => {
    const holding = holdingReadsOf(fx.store, FLOODING);
    const registry = new Registry();
    const app = fx.makeApp({
      registry,
      store: holding.store,
      admission: { concurrency: 2, concurrencyPerLane: 1, queuePerLane: 3, maxWaitMs: 30_000 },
    });
    const api = await startApiServer(app, 0, '127.0.0.1');
    try {
      // Ten distinct reads: identical ones would join one read and take one turn.
      const flood = Array.from({ length: 10 }, (_, i) =>
        admin(api.server, metricsPath(FLOODING, `2026-02-${String(i + 1).padStart(2, '0')}`)).then(
          (res) => res,
        ),
      );
      const metrics = await metricsOnce(registry, 'metrics_api_reads_rejected_total{reason="queue_full"}', 6);
      expect(metricValue(metrics, 'metrics_api_reads_running')).toBe(1);
      expect(metricValue(metrics, 'metrics_api_read_queue_depth')).toBe(3);

      const other = await admin(api.server, metricsPath(OTHER));
      expect(other.status).toBe(200);
      expect(other.body.metrics.page_view.total).toBe(1);

      holding.release();
      const answers = await Promise.all(flood);
      const refused = answers.filter((res) => res.status === 429);
      expect(answers.map((res) => res.status).sort()).toEqual([...Array(4).fill(200), ...Array(6).fill(429)]);
      for (const res of refused) {
        expect((res.body as ErrorBody).error.code).toBe('rate_limited');
        expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      }
      const after = await registry.metrics();
      expect(metricValue(after, 'metrics_api_read_wait_seconds_count')).toBe(5);
      expect(metricValue(after, 'metrics_api_read_queue_depth')).toBe(0);
    } finally {
      holding.release();
      await api.stop();
    }
  });

  it('answers a read that waited past the limit 503 unavailable with Retry-After while the read ahead still runs', async () => {
    const holding = holdingReadsOf(fx.store, FLOODING);
    const app = fx.makeApp({
      store: holding.store,
      admission: { concurrency: 1, concurrencyPerLane: 1, queuePerLane: 5, maxWaitMs: 300 },
    });
    try {
      const reads = ['2026-02-01', '2026-02-02'].map((from) =>
        admin(app, metricsPath(FLOODING, from))
          .timeout(10_000)
          .then((res) => res),
      );
      // One holds the only slot; the other is answered at its wait limit, while the first still runs.
      const first = await Promise.race(reads);
      expect(first.status).toBe(503);
      expect((first.body as ErrorBody).error.code).toBe('unavailable');
      expect(first.headers['retry-after']).toBe('1');
      holding.release();
      expect((await Promise.all(reads)).map((res) => res.status).sort()).toEqual([200, 503]);
    } finally {
      holding.release();
    }
  });

  it('never sends a queued read to the database once its client has disconnected', async () => {
    const registry = new Registry();
    const app = fx.makeApp({
      registry,
      admission: { concurrency: 1, concurrencyPerLane: 1, queuePerLane: 5, maxWaitMs: 30_000 },
    });
    const api = await startApiServer(app, 0, '127.0.0.1');
    const sent: unknown[][] = [];
    const spy = jest.spyOn(Client.prototype, 'query').mockName('observed');
    try {
      const lock = await lockTable(locker, 'daily_metrics');
      const first = admin(api.server, metricsPath(OTHER, '2026-02-01')).then((res) => res);
      await lock.untilSomeoneWaits();
      // The slot is taken by the first read, blocked by the lock: the second waits for its turn, then leaves.
      const gone = httpRequest({
        host: '127.0.0.1',
        port: api.port,
        path: metricsPath(OTHER, '2026-02-02'),
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      gone.on('error', () => undefined);
      gone.end();
      const queued = await metricsOnce(registry, 'metrics_api_read_queue_depth', 1);
      expect(metricValue(queued, 'metrics_api_read_queue_depth')).toBe(1);
      gone.destroy();
      const dropped = await metricsOnce(
        registry,
        'metrics_api_reads_rejected_total{reason="client_gone"}',
        1,
      );
      expect(metricValue(dropped, 'metrics_api_reads_rejected_total{reason="client_gone"}')).toBe(1);
      expect(metricValue(dropped, 'metrics_api_read_queue_depth')).toBe(0);
      await lock.release();
      expect((await first).status).toBe(200);
      // A later read shows the slot is free again; the dropped one was never sent.
      expect((await admin(api.server, metricsPath(OTHER, '2026-02-03'))).status).toBe(200);
      for (const [query] of spy.mock.calls) {
        if (typeof query === 'object' && query !== null) sent.push((query as QueryConfig).values ?? []);
      }
      expect(sent.some((values) => values.includes('2026-02-01'))).toBe(true);
      expect(sent.some((values) => values.includes('2026-02-03'))).toBe(true);
      expect(sent.some((values) => values.includes('2026-02-02'))).toBe(false);
    } finally {
      spy.mockRestore();
      await locker.query('ROLLBACK').catch(() => undefined);
      await api.stop();
    }
  });

  it('answers a statement over the statement timeout 503 unavailable with Retry-After', async () => {
    const store = await createMetricsStore({
      databaseUrl: fx.database.url,
      poolSize: 2,
      statementTimeoutMs: 200,
    });
    const app = fx.makeApp({ store });
    try {
      const lock = await lockTable(locker, 'daily_metrics');
      for (const path of [
        metricsPath(OTHER),
        `/v1/projects/${OTHER}/metric-names?from=2026-02-01&to=2026-02-28`,
      ]) {
        const res = await admin(app, path).timeout(10_000);
        expect([path, res.status, (res.body as ErrorBody).error.code]).toEqual([path, 503, 'unavailable']);
        expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      }
      await lock.release();
      expect((await admin(app, metricsPath(OTHER))).status).toBe(200);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await store.close();
    }
  });
});
