import { Registry, Counter } from 'prom-client';
import { startOpsServer, type OpsServer } from './ops-server';

describe('startOpsServer', () => {
  let server: OpsServer;
  let ready = true;
  const registry = new Registry();
  new Counter({ name: 'ops_test_total', help: 'a counter for the test', registers: [registry] }).inc(3);

  beforeAll(async () => {
    server = await startOpsServer({ port: 0, host: '127.0.0.1', registry, isReady: async () => ready });
  });
  afterAll(() => server.close());

  const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`);

  it('answers /healthz', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 or 503 by the readiness check', async () => {
    expect((await get('/readyz')).status).toBe(200);
    ready = false;
    expect((await get('/readyz')).status).toBe(503);
    ready = true;
  });

  it('serves Prometheus text on /metrics', async () => {
    const res = await get('/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('ops_test_total 3');
  });

  it('answers unknown paths with the contract error shape', async () => {
    const res = await get('/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
