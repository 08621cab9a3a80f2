import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runMigrations } from '@metrics-store/metrics-db';
import {
  createTestDatabase,
  prometheusMetricTypes,
  prometheusSample,
  undocumentedMetrics,
  type TestDatabase,
} from '@metrics-store/testing';

const REPO_ROOT = join(__dirname, '../../../..');
const ADMIN_TOKEN = 'api-metrics-test-token-0123456789';
const P = '6f1c2a7e-0000-4000-8000-0000000000b1';

const OWN_METRICS = {
  metrics_api_http_requests_total: 'counter',
  metrics_api_http_request_duration_seconds: 'histogram',
  metrics_api_cache_hits_total: 'counter',
  metrics_api_cache_misses_total: 'counter',
  metrics_api_cache_entries: 'gauge',
  metrics_api_db_pool_connections: 'gauge',
  metrics_api_db_pool_idle_connections: 'gauge',
  metrics_api_db_pool_max_connections: 'gauge',
  metrics_api_db_pool_waiting_clients: 'gauge',
};

describe('the API process /metrics', () => {
  let database: TestDatabase;
  let api: ChildProcess;
  let base: string;
  let ops: string;

  beforeAll(async () => {
    database = await createTestDatabase('api_metrics');
    await runMigrations(database.url);
    api = spawn(process.execPath, ['--import', 'tsx', 'apps/metrics-api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'),
        DATABASE_URL: database.url,
        PORT: '0',
        API_OPS_PORT: '0',
        ADMIN_TOKEN,
        DB_POOL_SIZE: '3',
        READ_CONCURRENCY: '3',
        READ_CACHE_MS: '250',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    [base, ops] = await new Promise<string[]>((resolve, reject) => {
      let output = '';
      api.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!/"msg":"api_listening"/.test(output)) return;
        const ports = [/"port":(\d+)/, /"ops_port":(\d+)/].map((pattern) => pattern.exec(output)?.[1]);
        resolve(ports.map((port) => `http://127.0.0.1:${port}`));
      });
      api.once('exit', (code) => reject(new Error(`the API exited (${code}) before listening:\n${output}`)));
    });
  });
  afterAll(async () => {
    if (api?.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
  });

  it('names every metric with the metrics_api_ prefix and its unit, caches and pool included', async () => {
    const created = await fetch(`${base}/v1/admin/projects/${P}/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'metrics test' }),
    });
    const { key } = (await created.json()) as { key: string };
    const read = () =>
      fetch(`${base}/v1/projects/${P}/metrics?from=2026-01-01&to=2026-01-07&metrics=page_view`, {
        headers: { authorization: `Bearer ${key}` },
      }).then((res) => res.status);
    // The second of two identical reads at once shares the first one's key verdict and answer.
    expect(await Promise.all([read(), read()])).toEqual([200, 200]);
    const text = await (await fetch(`${ops}/metrics`)).text();

    const types = prometheusMetricTypes(text);
    expect([...types.keys()].filter((name) => !name.startsWith('metrics_api_'))).toEqual([]);
    expect(Object.fromEntries(Object.keys(OWN_METRICS).map((name) => [name, types.get(name)]))).toEqual(
      OWN_METRICS,
    );
    expect(types.get('metrics_api_process_resident_memory_bytes')).toBe('gauge');
    expect(types.get('metrics_api_nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(undocumentedMetrics(text, 'metrics_api_')).toEqual([]);

    const sample = (name: string) => prometheusSample(text, name);
    expect(sample('metrics_api_cache_misses_total{cache="answers"}')).toBe(1);
    expect(sample('metrics_api_cache_hits_total{cache="answers"}')).toBe(1);
    expect(sample('metrics_api_cache_entries{cache="answers"}')).toBe(1);
    // Keys are not a cache any more but a directory of the live ones, refreshed from the database.
    expect(sample('metrics_api_keys_live')).toBe(1);
    expect(sample('metrics_api_cache_misses_total{cache="time_zones"}')).toBe(1);
    expect(sample('metrics_api_db_pool_max_connections')).toBe(3);
    expect(sample('metrics_api_db_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(sample('metrics_api_db_pool_waiting_clients')).toBe(0);
  });

  it('serves /metrics on the ops port only: PORT, which dashboards reach, answers it 404', async () => {
    const onPort = await fetch(`${base}/metrics`);
    expect(onPort.status).toBe(404);
    expect(((await onPort.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const onOps = await fetch(`${ops}/metrics`);
    expect(onOps.status).toBe(200);
    expect(onOps.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await onOps.text();
    expect(text).toMatch(/^# TYPE metrics_api_http_requests_total counter$/m);
    expect(prometheusMetricTypes(text).get('metrics_api_process_cpu_seconds_total')).toBe('counter');

    for (const url of [base, ops]) {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    }
  });
});
