import request from 'supertest';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';

const P = '6f1c2a7e-0000-4000-8000-0000000000a1';
const OK = { from: '2026-01-01', to: '2026-01-31', metrics: 'page_view' };

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/** A 400 invalid_request whose issues name the field. */
function expectInvalid(res: request.Response, field: string): void {
  expect(res.status).toBe(400);
  const body = res.body as ErrorBody;
  expect(body.error.code).toBe('invalid_request');
  expect(body.error.issues?.map((issue) => issue.path)).toContain(field);
}

describe('request validation', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());

  const metrics = (query: Record<string, string>, project = P) =>
    request(fx.app)
      .get(`/v1/projects/${project}/metrics`)
      .query(query)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const admin = (method: 'put' | 'post', path: string) =>
    request(fx.app)[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);

  it('accepts the reference query', async () => {
    expect((await metrics(OK)).status).toBe(200);
  });

  it.each([
    ['from', { ...OK, from: '2026-02-30' }],
    ['from', { ...OK, from: '2026-13-01' }],
    ['from', { ...OK, from: '26-01-01' }],
    ['to', { ...OK, to: '2026-1-31' }],
    ['to', { ...OK, to: 'yesterday' }],
    ['from', { to: OK.to, metrics: OK.metrics }],
    ['to', { ...OK, from: '2026-02-01', to: '2026-01-31' }],
    ['to', { ...OK, from: '2025-01-01', to: '2026-02-05' }],
    ['to', { ...OK, from: '2016-01-01', to: '2026-01-31', granularity: 'week' }],
    ['to', { ...OK, from: '2016-01-01', to: '2026-01-31', granularity: 'month' }],
    ['granularity', { ...OK, granularity: 'year' }],
    ['metrics', { from: OK.from, to: OK.to }],
    ['metrics', { ...OK, metrics: '' }],
    ['metrics', { ...OK, metrics: 'page_view,' }],
    ['metrics', { ...OK, metrics: 'Page_View' }],
    ['metrics', { ...OK, metrics: '1st' }],
    ['metrics', { ...OK, metrics: `a${'b'.repeat(63)}` }],
    ['metrics', { ...OK, metrics: 'page view' }],
    ['metrics', { ...OK, metrics: Array.from({ length: 21 }, (_, i) => `m${i}`).join(',') }],
  ])('refuses a bad %s: %j', async (field, query) => {
    expectInvalid(await metrics(query as Record<string, string>), field);
  });

  it('applies the range limits inclusively: 400 days daily, 3660 weekly and monthly', async () => {
    expect((await metrics({ ...OK, from: '2025-01-01', to: '2026-02-04' })).status).toBe(200); // 400 days
    expect((await metrics({ ...OK, from: '2016-01-07', to: '2026-01-13', granularity: 'week' })).status).toBe(
      200,
    ); // 3660
    expect(
      (await metrics({ ...OK, from: '2016-01-06', to: '2026-01-13', granularity: 'month' })).status,
    ).toBe(400); // 3661
  });

  it('accepts 20 distinct names, and 21 names when duplicates bring them to 20', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `m${i}`);
    expect((await metrics({ ...OK, metrics: twenty.join(',') })).status).toBe(200);
    expect((await metrics({ ...OK, metrics: [...twenty, 'm0'].join(',') })).status).toBe(200);
  });

  it('refuses a parameter given twice', async () => {
    const res = await request(fx.app)
      .get(`/v1/projects/${P}/metrics?from=2026-01-01&from=2026-01-02&to=2026-01-31&metrics=page_view`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expectInvalid(res, 'from');
  });

  it.each([
    'not-a-uuid',
    '6f1c2a7e00004000800000000000000a',
    '6f1c2a7e-0000-4000-8000-00000000000g',
    'ffffffff-ffff-ffff-ffff-ffffffffffff0',
  ])('refuses the project id %j', async (project) => {
    expectInvalid(await metrics(OK, project), 'projectId');
  });

  it('refuses a path that is not valid percent-encoding', async () => {
    expectInvalid(await metrics(OK, '%E0%A4%A'), 'path');
  });

  it('checks the metric-names range', async () => {
    const names = (query: string) =>
      request(fx.app)
        .get(`/v1/projects/${P}/metric-names?${query}`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expectInvalid(await names('from=2026-02-29&to=2026-03-01'), 'from');
    expectInvalid(await names('from=2026-03-02&to=2026-03-01'), 'to');
    expectInvalid(await names('from=2026-03-01'), 'to');
  });

  it('refuses unknown time zones and unexpected fields, naming them', async () => {
    const path = `/v1/admin/projects/${P}`;
    expectInvalid(await admin('put', path).send({ timezone: 'Mars/Olympus_Mons' }), 'timezone');
    expectInvalid(await admin('put', path).send({ timezone: '' }), 'timezone');
    expectInvalid(await admin('put', path).send({ timezone: 42 }), 'timezone');
    expectInvalid(await admin('put', path).send({}), 'timezone');
    expectInvalid(await admin('put', path).send({ timezone: 'UTC', extra: 1 }), 'extra');
    expectInvalid(await admin('put', `/v1/admin/projects/nope`).send({ timezone: 'UTC' }), 'projectId');
  });

  it('refuses bad key names and bad key ids', async () => {
    const path = `/v1/admin/projects/${P}/api-keys`;
    expectInvalid(await admin('post', path).send({ name: '   ' }), 'name');
    expectInvalid(await admin('post', path).send({ name: 'x'.repeat(101) }), 'name');
    expectInvalid(await admin('post', path).send([]), 'body');
    const res = await request(fx.app).delete(`${path}/12345`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expectInvalid(res, 'keyId');
  });

  describe('text PostgreSQL cannot store as given', () => {
    const rawJson = (method: 'put' | 'post', path: string, json: string) =>
      admin(method, path).set('Content-Type', 'application/json').send(json);
    const keyCount = async () =>
      (
        await request(fx.app)
          .get(`/v1/admin/projects/${P}/api-keys`)
          .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      ).body.api_keys.length as number;

    it.each([
      ['NUL', '"a\\u0000b"'],
      ['NUL alone', '"\\u0000"'],
      ['an unpaired high surrogate', '"a\\ud800b"'],
      ['an unpaired low surrogate', '"\\udc00"'],
      ['a reversed pair', '"\\ude00\\ud83d"'],
    ])('refuses a key name with %s as 400 naming name, and creates no key', async (_case, name) => {
      const before = await keyCount();
      const res = await rawJson('post', `/v1/admin/projects/${P}/api-keys`, `{"name":${name}}`);
      expectInvalid(res, 'name');
      expect((res.body as ErrorBody).error.issues).toEqual([
        { path: 'name', message: 'must not contain NUL characters or unpaired UTF-16 surrogates' },
      ]);
      expect(await keyCount()).toBe(before);
    });

    it('stores a name with a surrogate pair and other Unicode as given', async () => {
      const res = await rawJson(
        'post',
        `/v1/admin/projects/${P}/api-keys`,
        '{"name":"caf\\u00e9 \\ud83d\\udcc8"}',
      );
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('café \u{1F4C8}');
    });

    it.each(['"UTC\\u0000"', '"Europe/Berlin\\u0000x"', '"UTC\\udfff"'])(
      'refuses the zone %s as 400 naming timezone',
      async (zone) => {
        const res = await rawJson('put', `/v1/admin/projects/${P}`, `{"timezone":${zone}}`);
        expectInvalid(res, 'timezone');
        expect((res.body as ErrorBody).error.issues).toHaveLength(1);
      },
    );

    it.each([
      `/v1/projects/${P}/metrics?from=2026-01-01%00&to=2026-01-31&metrics=page_view`,
      `/v1/projects/${P}/metrics?from=2026-01-01&to=2026-01-31&metrics=page_view%00`,
      `/v1/projects/${P}/metrics?from=2026-01-01&to=2026-01-31&metrics=page_%ED%A0%80view`,
      `/v1/projects/${P}%00/metrics?from=2026-01-01&to=2026-01-31&metrics=page_view`,
      `/v1/admin/projects/${P}/api-keys/6f1c2a7e-0000-4000-8000-0000000000a1%00`,
    ])('refuses NUL and broken UTF-8 in the path and query as 400: %s', async (path) => {
      const method = path.includes('/api-keys/') ? 'delete' : 'get';
      const res = await request(fx.app)[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(res.status).toBe(400);
      expect((res.body as ErrorBody).error.code).toBe('invalid_request');
    });
  });

  it('refuses malformed JSON, non-JSON bodies and a missing body', async () => {
    const path = `/v1/admin/projects/${P}`;
    const malformed = await admin('put', path)
      .set('Content-Type', 'application/json')
      .send('{"timezone": "UTC"');
    expectInvalid(malformed, 'body');
    const text = await admin('put', path).set('Content-Type', 'text/plain').send('{"timezone": "UTC"}');
    expectInvalid(text, 'content-type');
    const form = await admin('put', path).type('form').send({ timezone: 'UTC' });
    expectInvalid(form, 'content-type');
    expectInvalid(await admin('put', path), 'body');
    const scalar = await admin('put', path).set('Content-Type', 'application/json').send('"UTC"');
    expectInvalid(scalar, 'body');
  });

  it('answers 413 payload_too_large for JSON bodies over 16 KiB', async () => {
    const res = await admin('post', `/v1/admin/projects/${P}/api-keys`).send({
      name: 'k',
      padding: 'x'.repeat(17 * 1024),
    });
    expect(res.status).toBe(413);
    expect((res.body as ErrorBody).error.code).toBe('payload_too_large');
    const justUnder = await admin('post', `/v1/admin/projects/${P}/api-keys`).send({
      name: 'k',
      padding: 'x'.repeat(15 * 1024),
    });
    expectInvalid(justUnder, 'padding');
  });
});
