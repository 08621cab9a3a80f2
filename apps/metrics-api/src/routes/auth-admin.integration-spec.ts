import request from 'supertest';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';

const A = '6f1c2a7e-0000-4000-8000-0000000000b1';
const B = '6f1c2a7e-0000-4000-8000-0000000000b2';
const QUERY = 'from=2026-01-01&to=2026-01-07&metrics=page_view';

const errorCode = (res: request.Response) => (res.body as { error: { code: string } }).error.code;

describe('auth and the admin routes', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());

  const asAdmin = (req: request.Test) => req.set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const readAs = (token: string | undefined, project = A, app = fx.app) => {
    const req = request(app).get(`/v1/projects/${project}/metrics?${QUERY}`);
    return token === undefined ? req : req.set('Authorization', token);
  };
  const createKey = async (project: string, name: string) => {
    const res = await asAdmin(request(fx.app).post(`/v1/admin/projects/${project}/api-keys`)).send({ name });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; key: string; created_at: string };
  };

  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a bare token', ADMIN_TOKEN],
    ['an empty bearer', 'Bearer '],
    ['a wrong admin token', 'Bearer test-admin-token-0123456789abcdeg'],
    ['an unknown key', `Bearer mk_${'A'.repeat(43)}`],
    ['a token with spaces', 'Bearer mk_a mk_b'],
  ])('answers 401 unauthorized for %s', async (_case, header) => {
    const res = await readAs(header);
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('creates, lists and revokes keys; a key reads its own project only', async () => {
    const created = await createKey(A, 'dashboard');
    expect(created).toEqual({
      id: expect.any(String),
      name: 'dashboard',
      key: expect.stringMatching(/^mk_/),
      created_at: expect.any(String),
    });
    expect(new Date(created.created_at).toISOString()).toBe(created.created_at);

    expect((await readAs(`Bearer ${created.key}`)).status).toBe(200);
    expect((await readAs(`bearer ${created.key}`)).status).toBe(200);
    const other = await readAs(`Bearer ${created.key}`, B);
    expect(other.status).toBe(403);
    expect(errorCode(other)).toBe('forbidden');
    const names = await request(fx.app)
      .get(`/v1/projects/${B}/metric-names?from=2026-01-01&to=2026-01-02`)
      .set('Authorization', `Bearer ${created.key}`);
    expect(names.status).toBe(403);

    const listed = await asAdmin(request(fx.app).get(`/v1/admin/projects/${A}/api-keys`));
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      api_keys: [{ id: created.id, name: 'dashboard', created_at: created.created_at, revoked_at: null }],
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.key);

    const revoked = await asAdmin(request(fx.app).delete(`/v1/admin/projects/${A}/api-keys/${created.id}`));
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');
    expect((await readAs(`Bearer ${created.key}`)).status).toBe(401);
    const relisted = await asAdmin(request(fx.app).get(`/v1/admin/projects/${A}/api-keys`));
    expect(relisted.body.api_keys[0].revoked_at).toEqual(expect.any(String));
  });

  it('accepts a key created through another API process at once, and refuses it within 5 s of its revocation there', async () => {
    const other = fx.makeApp();
    const created = await createKey(A, 'revoked-elsewhere');
    expect((await readAs(`Bearer ${created.key}`, A, other)).status).toBe(200);
    const revokedAt = Date.now();
    await asAdmin(request(fx.app).delete(`/v1/admin/projects/${A}/api-keys/${created.id}`)).expect(204);
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await readAs(`Bearer ${created.key}`, A, other)).status;
    }
    expect(status).toBe(401);
  });

  it('answers 404 when the key does not exist in that project', async () => {
    const created = await createKey(A, 'not-in-b');
    const res = await asAdmin(request(fx.app).delete(`/v1/admin/projects/${B}/api-keys/${created.id}`));
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('not_found');
    const unknown = await asAdmin(
      request(fx.app).delete(`/v1/admin/projects/${A}/api-keys/6f1c2a7e-0000-4000-8000-0000000000ff`),
    );
    expect(unknown.status).toBe(404);
  });

  it('reads defaults for a project never set, then sets and reads its time zone', async () => {
    const before = await asAdmin(request(fx.app).get(`/v1/admin/projects/${B.toUpperCase()}`));
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ project_id: B, timezone: 'UTC', updated_at: null });

    const put = await asAdmin(request(fx.app).put(`/v1/admin/projects/${B}`)).send({
      timezone: 'America/New_York',
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ project_id: B, timezone: 'America/New_York', updated_at: expect.any(String) });
    const after = await asAdmin(request(fx.app).get(`/v1/admin/projects/${B}`));
    expect(after.body).toEqual(put.body);
    const read = await asAdmin(request(fx.app).get(`/v1/projects/${B}/metrics?${QUERY}`));
    expect(read.body.timezone).toBe('America/New_York');
  });

  it('keeps project keys and unknown tokens out of the admin routes', async () => {
    const created = await createKey(A, 'not-admin');
    const withKey = await request(fx.app)
      .get(`/v1/admin/projects/${A}`)
      .set('Authorization', `Bearer ${created.key}`);
    expect(withKey.status).toBe(403);
    expect(errorCode(withKey)).toBe('forbidden');
    const noHeader = await request(fx.app).put(`/v1/admin/projects/${A}`).send({ timezone: 'UTC' });
    expect(noHeader.status).toBe(401);
    const wrong = await request(fx.app)
      .get(`/v1/admin/projects/${A}/api-keys`)
      .set('Authorization', 'Bearer nope');
    expect(wrong.status).toBe(401);
  });

  it('answers 404 on every admin route while no admin token is configured', async () => {
    const app = fx.makeApp({ adminToken: undefined });
    const paths: [string, string][] = [
      ['get', `/v1/admin/projects/${A}`],
      ['put', `/v1/admin/projects/${A}`],
      ['get', `/v1/admin/projects/${A}/api-keys`],
      ['post', `/v1/admin/projects/${A}/api-keys`],
      ['delete', `/v1/admin/projects/${A}/api-keys/6f1c2a7e-0000-4000-8000-0000000000ff`],
    ];
    for (const [method, path] of paths) {
      const res = await (request(app) as unknown as Record<string, (p: string) => request.Test>)
        [method](path)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect([method, path, res.status, errorCode(res)]).toEqual([method, path, 404, 'not_found']);
    }
    // And the configured admin token of another process is just an unknown token here.
    expect((await readAs(`Bearer ${ADMIN_TOKEN}`, A, app)).status).toBe(401);
  });
});
