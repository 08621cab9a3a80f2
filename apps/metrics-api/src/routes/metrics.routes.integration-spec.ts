import request from 'supertest';
import { RESERVED_METRICS } from '@metrics-store/metrics-contract';
import {
  buildSketchesWithMerger,
  visitMetricRows,
  writeDailyMetrics,
} from '@metrics-store/metrics-db/testing';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';

const P = '6f1c2a7e-0000-4000-8000-000000000001';
const Q = '6f1c2a7e-0000-4000-8000-000000000002';

describe('GET /v1/projects/{projectId}/metrics and metric-names', () => {
  let fx: ApiFixture;
  let key: string;

  beforeAll(async () => {
    fx = await openApiFixture();
    key = (await fx.store.createApiKey(P, 'dashboard')).key;
    await fx.store.setProjectTimezone(P, 'Europe/Berlin');
    await fx.write([
      { projectId: P, date: '2025-12-29', type: 'page_view', visitor: 1, session: 10 },
      { projectId: P, date: '2025-12-29', type: 'page_view', visitor: 1, session: 10 },
      { projectId: P, date: '2025-12-31', type: 'page_view', visitor: 2, session: 11 },
      { projectId: P, date: '2025-12-31', type: 'click', visitor: 1 },
      { projectId: P, date: '2026-01-01', type: 'page_view', visitor: 1, session: 12 },
      { projectId: P, date: '2026-01-01', type: 'page_view', visitor: 2, session: 12 },
      { projectId: P, date: '2026-01-01', type: 'page_view', visitor: 3, session: 12 },
      { projectId: P, date: '2026-01-05', type: 'signup', visitor: 1 },
      { projectId: P, date: '2026-01-05', type: 'page_view', visitor: 4 },
      { projectId: P, date: '2026-02-15', type: 'page_view', visitor: 1 },
      // Another project's data on the same days must never show.
      { projectId: Q, date: '2026-01-01', type: 'page_view', visitor: 1, session: 99 },
      { projectId: Q, date: '2026-01-01', type: 'secret_type', visitor: 7 },
    ]);
    // Made by the consumer's merger: weeks, months and totals are read from these.
    await buildSketchesWithMerger(fx.database.url);
    // The visit metrics of two days of a later week, as the consumer stores them.
    await writeDailyMetrics(fx.database.url, [
      ...visitMetricRows(P, '2026-03-02', [4, 1, 333_800, 9]),
      ...visitMetricRows(P, '2026-03-04', [2, 2, 0, 2]),
    ]);
  });
  afterAll(() => fx.close());

  const get = (path: string, token = key) =>
    request(fx.app).get(path).set('Authorization', `Bearer ${token}`);
  const metrics = (query: string, token?: string) => get(`/v1/projects/${P}/metrics?${query}`, token);

  it('answers a daily series, zero-filled, with the project time zone (contract example shape)', async () => {
    const res = await metrics('from=2025-12-30&to=2026-01-02&metrics=page_view,unique_users,never_seen');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      project_id: P,
      timezone: 'Europe/Berlin',
      from: '2025-12-30',
      to: '2026-01-02',
      granularity: 'day',
      metrics: {
        page_view: {
          total: 4,
          exact: true,
          series: [
            { start: '2025-12-30', value: 0 },
            { start: '2025-12-31', value: 1 },
            { start: '2026-01-01', value: 3 },
            { start: '2026-01-02', value: 0 },
          ],
        },
        // The total is the distinct count over the range (visitors 1, 2, 3), not the sum of days (5).
        unique_users: {
          total: 3,
          exact: true,
          series: [
            { start: '2025-12-30', value: 0 },
            { start: '2025-12-31', value: 2 },
            { start: '2026-01-01', value: 3 },
            { start: '2026-01-02', value: 0 },
          ],
        },
        never_seen: {
          total: 0,
          exact: true,
          series: ['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02'].map((start) => ({
            start,
            value: 0,
          })),
        },
      },
    });
    expect(Object.keys(res.body.metrics)).toEqual(['page_view', 'unique_users', 'never_seen']);
  });

  it('buckets ISO weeks across a year end, clipping the first bucket to from, with true distinct counts', async () => {
    const res = await metrics(
      'from=2025-12-31&to=2026-01-06&metrics=page_view,unique_users,sessions&granularity=week',
    );
    expect(res.status).toBe(200);
    expect(res.body.granularity).toBe('week');
    expect(res.body.metrics).toEqual({
      page_view: {
        total: 5,
        exact: true,
        series: [
          { start: '2025-12-31', value: 4 },
          { start: '2026-01-05', value: 1 },
        ],
      },
      unique_users: {
        total: 4,
        exact: true,
        series: [
          { start: '2025-12-31', value: 3 },
          { start: '2026-01-05', value: 2 },
        ],
      },
      sessions: {
        total: 2,
        exact: true,
        series: [
          { start: '2025-12-31', value: 2 },
          { start: '2026-01-05', value: 0 },
        ],
      },
    });
  });

  it('buckets months, clipping the first and last buckets, with true distinct counts', async () => {
    const res = await metrics(
      'from=2025-12-15&to=2026-02-20&metrics=page_view,unique_users,sessions,total_events&granularity=month',
    );
    expect(res.status).toBe(200);
    const starts = ['2025-12-15', '2026-01-01', '2026-02-01'];
    const series = (values: number[]) => values.map((value, i) => ({ start: starts[i], value }));
    expect(res.body.metrics).toEqual({
      page_view: { total: 8, exact: true, series: series([3, 4, 1]) },
      unique_users: { total: 4, exact: true, series: series([2, 4, 1]) },
      sessions: { total: 3, exact: true, series: series([2, 1, 0]) },
      total_events: { total: 10, exact: true, series: series([4, 5, 1]) },
    });
  });

  it('clips the last week to to, and deduplicates metric names', async () => {
    const res = await metrics('from=2025-12-29&to=2025-12-31&metrics=page_view,page_view&granularity=week');
    expect(res.status).toBe(200);
    expect(res.body.metrics).toEqual({
      page_view: { total: 3, exact: true, series: [{ start: '2025-12-29', value: 3 }] },
    });
  });

  it('takes a project id in any letter case and answers it lower-case', async () => {
    const res = await get(
      `/v1/projects/${P.toUpperCase()}/metrics?from=2026-01-01&to=2026-01-01&metrics=total_pageviews`,
    );
    expect(res.status).toBe(200);
    expect(res.body.project_id).toBe(P);
    expect(res.body.metrics.total_pageviews).toEqual({
      total: 3,
      exact: true,
      series: [{ start: '2026-01-01', value: 3 }],
    });
  });

  it('lets the admin token read any project', async () => {
    const res = await get(
      `/v1/projects/${Q}/metrics?from=2026-01-01&to=2026-01-01&metrics=page_view`,
      ADMIN_TOKEN,
    );
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe('UTC');
    expect(res.body.metrics.page_view.total).toBe(1);
  });

  it('lists the metric names with data in a range, sorted, for that project only', async () => {
    const res = await get(`/v1/projects/${P}/metric-names?from=2025-12-29&to=2026-01-05`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      // The visit metrics of the seeded sessions (each event at its day's first instant: durations of 0,
      // so no visit_duration_ms), and the ratios derived from them.
      metric_names: [
        'bounce_rate',
        'bounces',
        'click',
        'page_view',
        'sessions',
        'signup',
        'total_events',
        'total_pageviews',
        'unique_users',
        'views_per_visit',
        'visit_duration',
        'visit_pageviews',
        'visits',
      ],
      truncated: false,
    });
    const empty = await get(`/v1/projects/${P}/metric-names?from=2027-01-01&to=2027-12-31`);
    expect(empty.body).toEqual({ metric_names: [], truncated: false });
  });

  it('lists the derived ratios with the visit metrics they come from', async () => {
    const res = await get(`/v1/projects/${P}/metric-names?from=2026-03-01&to=2026-03-31`);
    expect(res.body).toEqual({
      metric_names: [
        'bounce_rate',
        'bounces',
        'views_per_visit',
        'visit_duration',
        'visit_duration_ms',
        'visit_pageviews',
        'visits',
      ],
      truncated: false,
    });
  });

  it('derives bounce_rate, visit_duration and views_per_visit per bucket and over the range, null without visits', async () => {
    const res = await metrics(
      'from=2026-03-01&to=2026-03-04&metrics=bounce_rate,visit_duration,views_per_visit,visits',
    );
    expect(res.status).toBe(200);
    const days = (values: (number | null)[]) =>
      values.map((value, i) => ({ start: `2026-03-0${i + 1}`, value }));
    expect(res.body.metrics).toEqual({
      // 3 bounces of 6 visits over the range, not the mean of the days' 0.25 and 1.
      bounce_rate: { total: 0.5, exact: true, series: days([null, 0.25, null, 1]) },
      // 333,800 ms: 83.45 s a visit on the 2nd, 55.6333 s over the range.
      visit_duration: { total: 55.6, exact: true, series: days([null, 83.5, null, 0]) },
      views_per_visit: { total: 1.83, exact: true, series: days([null, 2.25, null, 1]) },
      visits: { total: 6, exact: true, series: days([0, 4, 0, 2]) },
    });
    // Sunday 2026-03-01 ends its ISO week: a clipped bucket of its own, without visits.
    const weeks = await metrics('from=2026-03-01&to=2026-03-08&metrics=bounce_rate&granularity=week');
    expect(weeks.body.metrics.bounce_rate).toEqual({
      total: 0.5,
      exact: true,
      series: [
        { start: '2026-03-01', value: null },
        { start: '2026-03-02', value: 0.5 },
      ],
    });
  });

  it('takes every reserved name in metrics, and counts derived names toward the 20', async () => {
    const all = await metrics(`from=2026-03-02&to=2026-03-02&metrics=${RESERVED_METRICS.join(',')}`);
    expect(all.status).toBe(200);
    expect(Object.keys(all.body.metrics)).toEqual([...RESERVED_METRICS]);
    const twentyOne = [...RESERVED_METRICS, ...Array.from({ length: 10 }, (_, i) => `type_${i}`)];
    const tooMany = await metrics(`from=2026-03-02&to=2026-03-02&metrics=${twentyOne.join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues).toEqual([
      { path: 'metrics', message: 'at most 20 distinct metric names' },
    ]);
  });
});
