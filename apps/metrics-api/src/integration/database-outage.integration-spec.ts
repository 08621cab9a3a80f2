import { Client } from 'pg';
import request from 'supertest';
import { createMetricsStore, type MetricsStore } from '@metrics-store/metrics-db';
import { startTcpFaultProxy, type ProxyMode, type TcpFaultProxy } from '@metrics-store/testing';
import type { Express } from 'express';
import { loadApiConfig } from '../api.config';
import { apiOptions } from '../api.options';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';
import { lockTable } from '../testing/table-lock.fixture';

const P = '6f1c2a7e-0000-4000-8000-0000000000d7';
const KEY_ID = '6f1c2a7e-0000-4000-8000-0000000000ff';
// The bound of "quickly": requests used to wait 30 s for a connection. The defaults answer in about 1 s.
const ANSWER_WITHIN_MS = 2_500;

interface ErrorBody {
  error: { code: string; message: string };
}

describe('a database that does not answer', () => {
  let fx: ApiFixture;
  let proxy: TcpFaultProxy;
  let store: MetricsStore;
  let app: Express;
  let projectKey: string;

  beforeAll(async () => {
    fx = await openApiFixture();
    await fx.write([{ projectId: P, date: '2026-05-02', type: 'page_view' }]);
    projectKey = (await fx.store.createApiKey(P, 'outage')).key;
    proxy = await startTcpFaultProxy(fx.database.url);
    // The API's own store settings (main.ts), through a proxy the test can cut.
    store = await createMetricsStore(apiOptions(loadApiConfig({ DATABASE_URL: proxy.url })).store);
    app = fx.makeApp({ store, keyRefreshMs: 200 });
  });
  afterEach(() => proxy.setMode('forward'));
  afterAll(async () => {
    await store.close();
    await proxy.close();
    await fx.close();
  });

  const admin = (method: 'get' | 'post' | 'put' | 'delete', path: string) =>
    request(app)[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const routes = (): [string, () => request.Test][] => [
    [
      'metrics with a project key',
      () =>
        request(app)
          .get(`/v1/projects/${P}/metrics?from=2026-05-01&to=2026-05-03&metrics=page_view`)
          .set('Authorization', `Bearer ${projectKey}`),
    ],
    [
      'metric-names with a project key',
      () =>
        request(app)
          .get(`/v1/projects/${P}/metric-names?from=2026-05-01&to=2026-05-03`)
          .set('Authorization', `Bearer ${projectKey}`),
    ],
    [
      'metrics as admin',
      () => admin('get', `/v1/projects/${P}/metrics?from=2026-05-01&to=2026-05-03&metrics=sessions`),
    ],
    ['project settings', () => admin('get', `/v1/admin/projects/${P}`)],
    ['time-zone change', () => admin('put', `/v1/admin/projects/${P}`).send({ timezone: 'Europe/Berlin' })],
    ['key creation', () => admin('post', `/v1/admin/projects/${P}/api-keys`).send({ name: 'during' })],
    ['key list', () => admin('get', `/v1/admin/projects/${P}/api-keys`)],
    ['key revocation', () => admin('delete', `/v1/admin/projects/${P}/api-keys/${KEY_ID}`)],
  ];

  const expectAllAnswer = async (status: number) => {
    expect((await routes()[0][1]()).status).toBe(status);
  };

  it.each<[ProxyMode, string]>([
    ['refuse', 'refuses connections (the server is down)'],
    ['blackhole', 'never answers new connections (the host is unreachable)'],
  ])(
    'answers every route 503 unavailable with Retry-After, and /readyz 503, quickly, while it %s',
    async (mode) => {
      await expectAllAnswer(200);
      expect((await request(app).get('/readyz')).status).toBe(200);
      await proxy.setMode(mode);

      for (const [name, send] of routes()) {
        const res = await send().timeout(ANSWER_WITHIN_MS);
        expect([name, res.status, (res.body as ErrorBody).error?.code]).toEqual([name, 503, 'unavailable']);
        expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      }
      const ready = await request(app).get('/readyz').timeout(ANSWER_WITHIN_MS);
      expect(ready.status).toBe(503);

      await proxy.setMode('forward');
      let status = 0;
      for (let waited = 0; status !== 200 && waited < 10_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await routes()[0][1]()).status;
      }
      expect(status).toBe(200);
      expect((await request(app).get('/readyz')).status).toBe(200);
    },
    60_000,
  );

  it('answers 503 unavailable quickly while every pooled connection stays busy', async () => {
    const single = await createMetricsStore({
      ...apiOptions(loadApiConfig({ DATABASE_URL: fx.database.url })).store,
      poolSize: 1,
    });
    const locker = new Client({ connectionString: fx.database.url });
    await locker.connect();
    try {
      const busyApp = fx.makeApp({ store: single });
      const lock = await lockTable(locker, 'daily_metrics');
      // Holds the only connection while it waits for the lock.
      const holding = request(busyApp)
        .get(`/v1/projects/${P}/metric-names?from=2026-05-01&to=2026-05-03`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .then((res) => res);
      await lock.untilSomeoneWaits();
      const waiting = await request(busyApp)
        .get(`/v1/admin/projects/${P}`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .timeout(ANSWER_WITHIN_MS);
      expect([waiting.status, (waiting.body as ErrorBody).error.code]).toEqual([503, 'unavailable']);
      expect((await request(busyApp).get('/readyz').timeout(ANSWER_WITHIN_MS)).status).toBe(503);
      await lock.release();
      expect((await holding).status).toBe(200);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await single.close();
    }
  });
});
