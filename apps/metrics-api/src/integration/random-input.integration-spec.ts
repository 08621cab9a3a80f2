import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';
import { startApiServer, type ApiServer } from '../api.server';
import { SeededRandom, seededRandom } from '@metrics-store/testing';

const P = '6f1c2a7e-0000-4000-8000-0000000000d1';
const CASES = 3000;
const PARALLEL = 8;

function generator(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  // Characters a URL may carry unescaped (no '#', no '?'), and anything printable for bodies.
  const URL_SAFE = "ABCXYZabcxyz0189-._~!$&'()*+,;=:@%/[]";
  const printable = () => String.fromCharCode(33 + int(94));
  const junk = (max: number, char = () => URL_SAFE[int(URL_SAFE.length)]) =>
    Array.from({ length: int(max) }, char).join('');
  const value = () =>
    pick([
      () => junk(12),
      () => `${1000 + int(9000)}-${String(int(14)).padStart(2, '0')}-${String(int(33)).padStart(2, '0')}`,
      () => pick(['2026-01-01', '2026-12-31', '0001-01-01', '9999-12-31', '2024-02-29', '2025-02-29']),
      () => pick(['day', 'week', 'month', 'DAY', '']),
      () =>
        Array.from({ length: 1 + int(25) }, () =>
          pick(['page_view', 'unique_users', 'sessions', 'x', '_', 'A', junk(4)]),
        ).join(','),
      () => pick(['%', '%zz', '%E0%A4%A', '%00', '%2C', '+', '[]', '{}', '__proto__', 'constructor']),
      // NUL, a UTF-8-encoded lone surrogate, an overlong NUL: text PostgreSQL cannot store as given.
      () => pick(['a%00b', '%ED%A0%80', '%ED%BF%BF', '%C0%80', 'page_view%00', '2026-01-01%00']),
      () => 'x'.repeat(int(2000)),
      () => String(next() * 1e20),
    ])();
  const segment = () =>
    pick([P, P.toUpperCase(), 'projects', 'metrics', 'api-keys', junk(40), '%E0%A4%A', '..', '', value()]);
  const path = () =>
    pick([
      () => `/v1/projects/${segment()}/${pick(['metrics', 'metric-names', segment()])}`,
      () => `/v1/admin/projects/${segment()}${pick(['', '/api-keys', `/api-keys/${segment()}`])}`,
      () => `/${Array.from({ length: int(6) }, segment).join('/')}`,
      () => pick(['/healthz', '/readyz', '/v1/openapi.json', '/docs/', '/v1', '//', '/v1/projects/']),
    ])();
  const query = () => {
    const keys = ['from', 'to', 'metrics', 'granularity', junk(6), 'from[0]', 'metrics[]', 'to.x'];
    const parts = Array.from({ length: int(7) }, () => `${pick(keys)}=${value()}`);
    return parts.length > 0 && next() < 0.9 ? `?${parts.join('&')}` : '';
  };
  // JSON.stringify writes NUL as \u0000 and an unpaired surrogate as \udXXX, as a client would send them.
  const unstorable = () =>
    pick(['a\u0000b', '\u0000', 'x\uD800', '\uDFFFy', '\uDE00\uD83D', `${junk(5)}\u0000`]);
  const body = () =>
    pick([
      () =>
        JSON.stringify({
          timezone: pick(['UTC', 'Europe/Berlin', 'Mars/Base', junk(20), 3, null, `UTC${unstorable()}`]),
        }),
      () => JSON.stringify({ name: pick(['k', '', junk(120), 7, unstorable(), `ok \uD83D\uDE00`]) }),
      () => junk(200, printable),
      () => `{"timezone":"${'x'.repeat(int(40_000))}"}`,
      () => '',
    ])();
  return () => ({
    method: pick(['GET', 'GET', 'GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS']),
    path: `${path()}${query()}`,
    auth: pick([`Bearer ${ADMIN_TOKEN}`, 'Bearer mk_nope', `Bearer ${junk(30)}`, '', 'Bearer', junk(10)]),
    contentType: pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', '']),
    body: body(),
  });
}

describe('random requests', () => {
  let fx: ApiFixture;
  let api: ApiServer;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });

  beforeAll(async () => {
    fx = await openApiFixture();
    await fx.write([{ projectId: P, date: '2026-01-01', type: 'page_view', visitor: 1, session: 1 }]);
    api = await startApiServer(fx.app, 0, '127.0.0.1');
    port = api.port;
  });
  afterAll(async () => {
    agent.destroy();
    await api.stop();
    await fx.close();
  });

  const send = (req: ReturnType<ReturnType<typeof generator>>) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (req.auth) headers.authorization = req.auth;
      if (req.contentType) headers['content-type'] = req.contentType;
      const withBody = ['PUT', 'POST', 'PATCH', 'DELETE'].includes(req.method) && req.body.length > 0;
      const call = httpRequest(
        { host: '127.0.0.1', port, agent, method: req.method, path: req.path, headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      call.on('error', reject);
      call.end(withBody ? req.body : undefined);
    });

  it(`never answers 500 to ${CASES} seeded random requests`, async () => {
    const seed = 20260105;
    const nextRequest = generator(seed);
    const requests = Array.from({ length: CASES }, nextRequest);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let index = 0;
    const worker = async () => {
      while (index < requests.length) {
        const req = requests[index++];
        const status = await send(req).catch((error: Error) => {
          failures.push(
            `${error.message} ${req.method} ${req.contentType} ${req.body.length} ${req.path.slice(0, 200)}`,
          );
          return -1;
        });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500) failures.push(`${status} ${req.method} ${req.path.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(failures).toEqual([]);
    // The generator reaches both successes and each kind of refusal, or this test would prove little.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401, 404]));
  }, 120_000);

  it('answers 400 to text PostgreSQL cannot store as given, in every field that reaches it, and stores none', async () => {
    const random = new SeededRandom(20260106);
    const word = () =>
      Array.from({ length: random.int(0, 8) }, () => random.pick([...'abcXYZ019_'])).join('');
    // Inside JSON, as JSON.stringify writes them (\u0000, \ud800); in a URL, as percent-encoded UTF-8.
    const badText = () =>
      `${word()}${random.pick(['\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDE00\uD83D'])}${word()}`;
    const badUrlText = () => `${word()}${random.pick(['%00', '%ED%A0%80', '%ED%BF%BF', '%C0%80'])}${word()}`;
    const query = (field: string) => {
      const fields: Record<string, string> = {
        from: '2026-01-01',
        to: '2026-01-31',
        metrics: 'page_view',
        granularity: 'week',
      };
      fields[field] = badUrlText();
      return Object.entries(fields)
        .map(([name, value]) => `${name}=${value}`)
        .join('&');
    };
    const cases = Array.from({ length: 400 }, (): { method: string; path: string; body?: string } =>
      random.pick([
        () => ({
          method: 'POST',
          path: `/v1/admin/projects/${P}/api-keys`,
          body: JSON.stringify({ name: badText() }),
        }),
        () => ({
          method: 'PUT',
          path: `/v1/admin/projects/${P}`,
          body: JSON.stringify({ timezone: `${random.pick(['UTC', 'Europe/Berlin', ''])}${badText()}` }),
        }),
        () => ({
          method: 'GET',
          path: `/v1/projects/${P}/metrics?${query(random.pick(['from', 'to', 'metrics', 'granularity']))}`,
        }),
        () => ({
          method: 'GET',
          path: `/v1/projects/${P}/metric-names?${query(random.pick(['from', 'to']))}`,
        }),
        () => ({
          method: random.pick(['GET', 'PUT']),
          path: `/v1/admin/projects/${badUrlText()}`,
          body: '{"timezone":"UTC"}',
        }),
        () => ({ method: 'DELETE', path: `/v1/admin/projects/${P}/api-keys/${badUrlText()}` }),
      ])(),
    );
    const keysBefore = await fx.store.listApiKeys(P);
    const unexpected: string[] = [];
    for (const req of cases) {
      const status = await send({
        auth: `Bearer ${ADMIN_TOKEN}`,
        contentType: 'application/json',
        body: '',
        ...req,
      });
      if (status !== 400) unexpected.push(`${status} ${req.method} ${req.path} ${req.body ?? ''}`);
    }
    expect(unexpected).toEqual([]);
    expect(await fx.store.listApiKeys(P)).toEqual(keysBefore);
    expect((await fx.store.getProjectSettings(P)).timezone).toBe('UTC');
  }, 120_000);
});

describe('requests Node refuses before Express', () => {
  it('are answered 400 in the contract shape', async () => {
    const fx = await openApiFixture();
    const api = await startApiServer(fx.app, 0, '127.0.0.1');
    try {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(api.port, '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.write('GET /v1/projects/a b HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
        error: { code: 'invalid_request', message: expect.any(String) },
      });
    } finally {
      await api.stop();
      await fx.close();
    }
  });
});
