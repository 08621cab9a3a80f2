import request from 'supertest';
import { createMetricsStore } from '@metrics-store/metrics-db';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';

const P = '6f1c2a7e-0000-4000-8000-0000000000c1';
const METRICS_PATH = `/v1/projects/${P}/metrics?from=2026-03-01&to=2026-03-03&metrics=page_view`;

describe('HTTP behaviour: caching, docs, ops, errors', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());

  const read = (path = METRICS_PATH) =>
    request(fx.app).get(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);

  it('sends Cache-Control and an ETag, answers 304 to If-None-Match, and a new ETag once data changes', async () => {
    const first = await read();
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('private, max-age=0, must-revalidate');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);

    const again = await read().set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    await fx.write([{ projectId: P, date: '2026-03-02', type: 'page_view' }]);
    const changed = await read().set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.metrics.page_view.total).toBe(1);
  });

  it('answers 304 to a matching If-None-Match whatever the request cache directives, keeping ETag and Cache-Control', async () => {
    const namesPath = `/v1/projects/${P}/metric-names?from=2026-03-01&to=2026-03-03`;
    for (const path of [METRICS_PATH, namesPath]) {
      const first = await read(path);
      expect(first.status).toBe(200);
      const etag = first.headers.etag as string;
      // What fetch() sends when a page sets If-None-Match itself.
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const res = await read(path)
          .set('If-None-Match', header)
          .set('Cache-Control', 'no-cache')
          .set('Pragma', 'no-cache');
        expect([path, header, res.status, res.text]).toEqual([path, header, 304, '']);
        expect(res.headers.etag).toBe(etag);
        expect(res.headers['cache-control']).toBe('private, max-age=0, must-revalidate');
      }
      const other = await read(path).set('If-None-Match', '"other"').set('Cache-Control', 'no-cache');
      expect(other.status).toBe(200);
      expect(other.body).toEqual(first.body);
      expect(other.headers.etag).toBe(etag);
    }
  });

  it('echoes X-Request-Id, or makes one', async () => {
    expect((await read().set('X-Request-Id', 'trace-abc.123')).headers['x-request-id']).toBe('trace-abc.123');
    const made = (await read().set('X-Request-Id', 'bad id\twith spaces')).headers['x-request-id'] as string;
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes and methods with 404 not_found in the contract shape', async () => {
    for (const res of [
      await request(fx.app).get('/nope'),
      await request(fx.app).post('/v1/projects/x/metrics'),
      await request(fx.app).get('/v1'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('serves the OpenAPI 3.1 document generated from the schemas, and the rendered reference', async () => {
    const res = await request(fx.app).get('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/admin/projects/{projectId}',
      '/v1/admin/projects/{projectId}/api-keys',
      '/v1/admin/projects/{projectId}/api-keys/{keyId}',
      '/v1/projects/{projectId}/metric-names',
      '/v1/projects/{projectId}/metrics',
    ]);
    const params = doc.paths['/v1/projects/{projectId}/metrics'].get.parameters?.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['projectId', 'from', 'to', 'metrics', 'granularity']));

    const page = await request(fx.app).get('/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    const bare = await request(fx.app).get('/docs');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/docs/');
    expect((await request(fx.app).get('/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('serves /healthz and /readyz, not /metrics, and counts requests by route pattern for the ops port', async () => {
    expect((await request(fx.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(fx.app).get('/readyz')).status).toBe(200);
    const metrics = await request(fx.app).get('/metrics');
    expect([metrics.status, metrics.body.error.code]).toEqual([404, 'not_found']);
    await read();
    // What main.ts serves on API_OPS_PORT.
    const text = await fx.registry.metrics();
    expect(text).toMatch(
      /^metrics_api_http_requests_total\{method="GET",route="\/v1\/projects\/:projectId\/metrics",status="200"\} \d+/m,
    );
    expect(text).toContain('metrics_api_http_request_duration_seconds_bucket');
    expect(text).not.toContain(P);
  });

  it('answers /readyz 503 and requests 500 internal, without a stack, on a store already closed (a bug, not an outage)', async () => {
    const closed = await createMetricsStore({ databaseUrl: fx.database.url, poolSize: 1 });
    await closed.close();
    const app = fx.makeApp({ store: closed });
    expect((await request(app).get('/readyz')).status).toBe(503);
    const res = await request(app)
      .get(METRICS_PATH)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .set('X-Request-Id', 'req-500');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal error (request id req-500)' } });
  });
});
