import request from 'supertest';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';
import { createCachedReads } from './cached-reads';
import { createMetricsResponses, type MetricsRead } from './metrics-response.cache';
import { ReadScheduler } from '../admission/read.scheduler';

const P = '6f1c2a7e-0000-4000-8000-0000000000d1';
const Q = '6f1c2a7e-0000-4000-8000-0000000000d2';
const READ: MetricsRead = {
  projectId: P,
  from: '2026-04-01',
  to: '2026-04-03',
  metrics: ['page_view', 'unique_users'],
  granularity: 'day',
};

const scheduler = () =>
  new ReadScheduler({ concurrency: 4, concurrencyPerLane: 4, queuePerLane: 100, maxWaitMs: 10_000 });

const totalOf = (body: Buffer, metric = 'page_view') =>
  (JSON.parse(body.toString()) as { metrics: Record<string, { total: number }> }).metrics[metric].total;

describe('metrics answers shared for a short while', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());

  const pageView = (projectId = P, visitor = 1) =>
    fx.write([{ projectId, date: '2026-04-02', type: 'page_view', visitor }]);

  it('gives concurrent identical reads one answer, keeps it for the TTL from the read start, then reads again', async () => {
    const responses = createMetricsResponses(fx.store, createCachedReads(fx.store, 60_000), 200, scheduler());
    await pageView();
    const [first, joined] = await Promise.all([
      responses.get(READ, { now: 1_000 }),
      responses.get(READ, { now: 1_000 }),
    ]);
    expect(joined).toBe(first);
    expect(totalOf(first.body)).toBe(1);

    await pageView();
    const kept = await responses.get({ ...READ, metrics: [...READ.metrics] }, { now: 1_199 });
    expect(kept).toBe(first);

    const fresh = await responses.get(READ, { now: 1_200 });
    expect(fresh).not.toBe(first);
    expect(totalOf(fresh.body)).toBe(2);
    expect(fresh.etag).not.toBe(first.etag);
  });

  it('keys answers by the whole query, metric order included, and by project', async () => {
    const responses = createMetricsResponses(fx.store, createCachedReads(fx.store, 60_000), 200, scheduler());
    const asked = await responses.get(READ, { now: 0 });
    const reversed = await responses.get({ ...READ, metrics: ['unique_users', 'page_view'] }, { now: 0 });
    expect(reversed).not.toBe(asked);
    expect(Object.keys(JSON.parse(reversed.body.toString()).metrics)).toEqual(['unique_users', 'page_view']);
    const other = await responses.get({ ...READ, projectId: Q }, { now: 0 });
    expect(JSON.parse(other.body.toString()).project_id).toBe(Q);
    expect(totalOf(other.body)).toBe(0);
  });

  it('reads on its own for every request with a TTL of 0', async () => {
    const responses = createMetricsResponses(fx.store, createCachedReads(fx.store, 60_000), 0, scheduler());
    const [a, b] = await Promise.all([responses.get(READ, { now: 0 }), responses.get(READ, { now: 0 })]);
    expect(b).not.toBe(a);
    const before = totalOf(a.body);
    await pageView();
    expect(totalOf((await responses.get(READ, { now: 0 })).body)).toBe(before + 1);
  });

  it('forgets a project at once when asked', async () => {
    const responses = createMetricsResponses(fx.store, createCachedReads(fx.store, 60_000), 200, scheduler());
    const first = await responses.get(READ, { now: 0 });
    const otherProject = await responses.get({ ...READ, projectId: Q }, { now: 0 });
    responses.forgetProject(P);
    expect(await responses.get(READ, { now: 1 })).not.toBe(first);
    expect(await responses.get({ ...READ, projectId: Q }, { now: 1 })).toBe(otherProject);
  });

  it('joins identical reads before they queue: one turn of the project serves them all', async () => {
    const turns = new ReadScheduler({
      concurrency: 1,
      concurrencyPerLane: 1,
      queuePerLane: 0,
      maxWaitMs: 10_000,
    });
    const responses = createMetricsResponses(fx.store, createCachedReads(fx.store, 60_000), 200, turns);
    const answers = await Promise.all(Array.from({ length: 5 }, () => responses.get(READ, { now: 5_000 })));
    expect(new Set(answers).size).toBe(1);
  });

  it('drops a read before it starts once every request that joined it has gone, and not before', async () => {
    const turns = new ReadScheduler({
      concurrency: 1,
      concurrencyPerLane: 1,
      queuePerLane: 5,
      maxWaitMs: 10_000,
    });
    const started: string[] = [];
    const counting = {
      ...fx.store,
      readSeries: (q: MetricsRead) => (started.push(q.from), fx.store.readSeries(q)),
    };
    const responses = createMetricsResponses(counting, createCachedReads(fx.store, 60_000), 200, turns);
    let release = () => undefined as void;
    const busy = turns.run(P, () => new Promise<void>((resolve) => (release = resolve)));

    const [first, second, third] = [new AbortController(), new AbortController(), new AbortController()];
    const gone = { ...READ, from: '2026-04-02' };
    const kept = { ...READ, from: '2026-04-01' };
    const goneAnswers = [
      responses.get(gone, { now: 0, signal: first.signal }),
      responses.get(gone, { now: 0, signal: second.signal }),
    ];
    const keptAnswer = responses.get(kept, { now: 0, signal: third.signal });
    const keptAgain = responses.get(kept, { now: 0 });
    first.abort();
    expect(turns.waiting).toBe(2);
    second.abort();
    third.abort();
    for (const answer of goneAnswers) await expect(answer).rejects.toMatchObject({ reason: 'client_gone' });
    expect(turns.waiting).toBe(1);
    release();
    await busy;
    // The read that a request without a signal joined goes on, for both.
    expect(await keptAnswer).toBe(await keptAgain);
    expect(started).toEqual(['2026-04-01']);
  });

  describe('through HTTP, with answers kept far longer than any test takes', () => {
    const path = (project: string) =>
      `/v1/projects/${project}/metrics?from=2026-04-01&to=2026-04-03&metrics=page_view`;
    const admin = () => fx.makeApp({ readCacheMs: 60_000 });

    it('still checks the key on every request: another project, a revoked key', async () => {
      const app = admin();
      const created = await request(fx.app)
        .post(`/v1/admin/projects/${P}/api-keys`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ name: 'dash' });
      const key = `Bearer ${created.body.key as string}`;
      expect((await request(app).get(path(P)).set('Authorization', key)).status).toBe(200);
      expect((await request(app).get(path(Q)).set('Authorization', `Bearer ${ADMIN_TOKEN}`)).status).toBe(
        200,
      );
      // The answer for Q is cached now; P's key must still be turned away from it.
      expect((await request(app).get(path(Q)).set('Authorization', key)).status).toBe(403);
      expect((await request(app).get(path(P))).status).toBe(401);

      const revoked = await request(app)
        .delete(`/v1/admin/projects/${P}/api-keys/${created.body.id as string}`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(revoked.status).toBe(204);
      expect((await request(app).get(path(P)).set('Authorization', key)).status).toBe(401);
    });

    it('serves the kept answer with its ETag and a 304 to a match, and the new zone right after a change', async () => {
      const app = admin();
      const read = () => request(app).get(path(P)).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      const first = await read();
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
      await pageView();
      const again = await read();
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.body).toEqual(first.body);
      expect((await read().set('If-None-Match', first.headers.etag as string)).status).toBe(304);

      const put = await request(app)
        .put(`/v1/admin/projects/${P}`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ timezone: 'Europe/Berlin' });
      expect(put.status).toBe(200);
      const changed = await read();
      expect(changed.body.timezone).toBe('Europe/Berlin');
      expect(changed.body.metrics.page_view.total).toBe(first.body.metrics.page_view.total + 1);
    });
  });
});
