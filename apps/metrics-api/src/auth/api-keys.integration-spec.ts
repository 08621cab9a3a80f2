import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { Client, type QueryConfig } from 'pg';
import request from 'supertest';
import { startApiServer, type ApiServer } from '../api.server';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';

const P = '6f1c2a7e-0000-4000-8000-0000000000f1';
const NAMES_PATH = `/v1/projects/${P}/metric-names?from=2026-01-01&to=2026-01-31`;
// More unknown tokens than a cache of verdicts would hold (the API's held 10,000).
const FLOOD = 12_000;
const PARALLEL = 400;
const REFRESH_MS = 100;

/** Every statement the test process sends to PostgreSQL while `work` runs, as its SQL text. */
async function statementsDuring(work: () => Promise<void>): Promise<string[]> {
  const spy = jest.spyOn(Client.prototype, 'query');
  try {
    await work();
    return spy.mock.calls.map(([query]) =>
      typeof query === 'string' ? query : ((query as QueryConfig).text ?? ''),
    );
  } finally {
    spy.mockRestore();
  }
}

// The directory's own read of the keys created or revoked elsewhere, once per refresh whatever the traffic.
const isDirectoryRefresh = (sql: string) => sql.includes('statement_timestamp() AS as_of');

describe('API keys checked in memory', () => {
  let fx: ApiFixture;
  let api: ApiServer;
  const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });

  beforeAll(async () => {
    fx = await openApiFixture();
    await fx.write([{ projectId: P, date: '2026-01-05', type: 'page_view' }]);
    api = await startApiServer(fx.makeApp({ keyRefreshMs: REFRESH_MS }), 0, '127.0.0.1');
  });
  afterAll(async () => {
    agent.destroy();
    await api.stop();
    await fx.close();
  });

  const get = (path: string, token: string) =>
    new Promise<number>((resolve, reject) => {
      const call = httpRequest(
        { host: '127.0.0.1', port: api.port, agent, path, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      call.on('error', reject);
      call.end();
    });

  it('refuses a flood of unknown well-formed keys without a query of their own, and keeps a real key', async () => {
    const created = await request(api.server)
      .post(`/v1/admin/projects/${P}/api-keys`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ name: 'real' });
    const realKey = created.body.key as string;
    expect(await get(NAMES_PATH, realKey)).toBe(200);

    const statuses = new Map<number, number>();
    const started = Date.now();
    const statements = await statementsDuring(async () => {
      let sent = 0;
      const worker = async () => {
        while (sent < FLOOD) {
          sent++;
          const status = await get(NAMES_PATH, `mk_${randomBytes(32).toString('base64url')}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
    });
    const elapsedMs = Date.now() - started;
    expect([...statuses]).toEqual([[401, FLOOD]]);
    expect(statements.filter((sql) => !isDirectoryRefresh(sql))).toEqual([]);
    // The refreshes go on at their pace, whatever the flood.
    expect(statements.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / REFRESH_MS) + 2);

    // The real key is still known: it costs no query about keys.
    let status = 0;
    const afterFlood = await statementsDuring(async () => {
      status = await get(NAMES_PATH, realKey);
    });
    expect(status).toBe(200);
    expect(afterFlood.filter((sql) => sql.includes('api_keys') && !isDirectoryRefresh(sql))).toEqual([]);
  }, 120_000);

  it('accepts a key created through the store directly at its first use, and refuses it within 5 s of its revocation there', async () => {
    const elsewhere = await fx.store.createApiKey(P, 'created-elsewhere');
    expect(await get(NAMES_PATH, elsewhere.key)).toBe(200);
    expect(await fx.store.revokeApiKey(P, elsewhere.id)).toBe(true);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await get(NAMES_PATH, elsewhere.key);
    }
    expect(status).toBe(401);
  });
});
