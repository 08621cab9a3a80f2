import type { Express } from 'express';
import request from 'supertest';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';

const A = '6f1c2a7e-0000-4000-8000-0000000000c1';
const B = '6f1c2a7e-0000-4000-8000-0000000000c2';
const QUERY = 'from=2026-03-01&to=2026-03-07&metrics=page_view,unique_users';
// Far longer than the test: an answer this app kept could only go because the erase dropped it.
const LONG_CACHE_MS = 600_000;

const errorCode = (res: request.Response) => (res.body as { error: { code: string } }).error.code;

describe('DELETE /v1/admin/projects/{projectId}', () => {
  let fx: ApiFixture;
  let app: Express;
  let other: Express;
  beforeAll(async () => {
    fx = await openApiFixture();
    // Two API processes on one database: the one that erases, and another with its own keys and caches.
    app = fx.makeApp({ readCacheMs: LONG_CACHE_MS });
    other = fx.makeApp({ readCacheMs: LONG_CACHE_MS });
  });
  afterAll(() => fx.close());

  const asAdmin = (req: request.Test) => req.set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const read = (on: Express, project: string, token = ADMIN_TOKEN) =>
    request(on).get(`/v1/projects/${project}/metrics?${QUERY}`).set('Authorization', `Bearer ${token}`);
  const createKey = async (project: string) => {
    const res = await asAdmin(request(app).post(`/v1/admin/projects/${project}/api-keys`)).send({
      name: 'd',
    });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };
  const seed = async (project: string) => {
    await fx.write(
      Array.from({ length: 12 }, (_, i) => ({
        projectId: project,
        date: '2026-03-02',
        type: 'page_view',
        visitor: i,
        session: i % 3,
      })),
    );
    await asAdmin(request(app).put(`/v1/admin/projects/${project}`))
      .send({ timezone: 'Asia/Tokyo' })
      .expect(200);
    return createKey(project);
  };

  /** What both API processes answer the project's key: as seeded. */
  const expectSeededOnBoth = async (project: string, key: string) => {
    for (const on of [app, other]) {
      const res = await read(on, project, key);
      expect([res.status, res.body.timezone, res.body.metrics.page_view.total]).toEqual([
        200,
        'Asia/Tokyo',
        12,
      ]);
    }
  };

  it("erases the project's rows, counts them per table, and refuses its keys here at once and in another API process within 5 s", async () => {
    const [keyOfA, keyOfB] = [await seed(A), await seed(B)];
    await expectSeededOnBoth(A, keyOfA);

    const erased = await asAdmin(request(app).delete(`/v1/admin/projects/${A.toUpperCase()}`));
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({
      project_id: A,
      removed: {
        // total_events, total_pageviews, page_view, unique_users, sessions, visits and visit_pageviews (three
        // visits of four page views at one instant: no bounce, no duration).
        daily_metrics: 7,
        daily_distinct: 15,
        distinct_sketch_deltas: 1,
        distinct_sketches: 0,
        visit_sessions: 3,
        project_settings: 1,
        api_keys: 1,
      },
    });

    const here = await read(app, A, keyOfA);
    expect([here.status, errorCode(here)]).toEqual([401, 'unauthorized']);
    // This process's shared answers and zones forgot the project: nothing of it is left to show.
    const asAdminHere = await read(app, A);
    expect([asAdminHere.body.timezone, asAdminHere.body.metrics.page_view.total]).toEqual(['UTC', 0]);

    const erasedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - erasedAt < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await read(other, A, keyOfA)).status;
    }
    expect(status).toBe(401);
    await expectSeededOnBoth(B, keyOfB);
  });

  it('removes nothing the second time, and counts events of the project anew afterwards', async () => {
    await seed(A);
    await asAdmin(request(app).delete(`/v1/admin/projects/${A}`)).expect(200);
    const again = await asAdmin(request(app).delete(`/v1/admin/projects/${A}`));
    expect(again.status).toBe(200);
    expect(Object.values(again.body.removed as Record<string, number>).every((count) => count === 0)).toBe(
      true,
    );

    await fx.write([{ projectId: A, date: '2026-03-02', type: 'page_view', visitor: 1 }]);
    const anew = await read(app, A);
    expect(anew.body.metrics).toMatchObject({ page_view: { total: 1 }, unique_users: { total: 1 } });
  });

  it('is for the admin token only, and refuses a project id that is not a UUID', async () => {
    const keyOfB = await createKey(B);
    const withKey = await request(app)
      .delete(`/v1/admin/projects/${B}`)
      .set('Authorization', `Bearer ${keyOfB}`);
    expect([withKey.status, errorCode(withKey)]).toEqual([403, 'forbidden']);
    expect((await request(app).delete(`/v1/admin/projects/${B}`)).status).toBe(401);
    const bad = await asAdmin(request(app).delete('/v1/admin/projects/not-a-uuid'));
    expect([bad.status, errorCode(bad)]).toEqual([400, 'invalid_request']);
    const withoutAdmin = await request(fx.makeApp({ adminToken: undefined }))
      .delete(`/v1/admin/projects/${B}`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect([withoutAdmin.status, errorCode(withoutAdmin)]).toEqual([404, 'not_found']);
    expect((await read(app, B, keyOfB)).status).toBe(200);
  });
});
