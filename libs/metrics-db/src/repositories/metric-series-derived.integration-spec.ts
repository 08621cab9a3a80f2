import type { Granularity } from '@metrics-store/metrics-contract';
import { visitMetricRows, writeDailyMetrics, type DailyMetricRow } from '../testing/daily-metrics.fixture';
import { openTestStore, PROJECT_A, PROJECT_B, type TestStore } from '../testing/metrics-store.fixture';

const WIDE = '6f1c2a7e-0000-4000-8000-0000000000d1';
const FULL = '6f1c2a7e-0000-4000-8000-0000000000d2';

/** The visit metrics of one day of PROJECT_A: [visits, bounces, visit_duration_ms, visit_pageviews]. */
const VISIT_DAYS: Record<string, [number, number, number, number]> = {
  '2031-03-03': [3, 1, 100_000, 7], // Monday
  '2031-03-05': [1, 1, 0, 1],
  '2031-03-10': [2, 0, 83_450, 5], // the next Monday
  '2031-03-12': [0, 0, 0, 0], // a stored zero: still no visit
};

function visitRows(
  projectId: string,
  days: Record<string, [number, number, number, number]>,
): DailyMetricRow[] {
  return Object.entries(days).flatMap(([date, values]) => visitMetricRows(projectId, date, values));
}

const names = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

describe('readSeries and listMetricNames: the ratios derived from the visit metrics', () => {
  let t: TestStore;
  const read = (from: string, to: string, metrics: string[], granularity: Granularity = 'day') =>
    t.store.readSeries({ projectId: PROJECT_A, from, to, metrics, granularity });

  beforeAll(async () => {
    t = await openTestStore();
    await writeDailyMetrics(t.database.url, [
      ...visitRows(PROJECT_A, VISIT_DAYS),
      { projectId: PROJECT_A, date: '2031-03-03', metric: 'page_view', value: 9 },
      // Another tenant's visits on the same days must never count.
      ...visitRows(PROJECT_B, { '2031-03-03': [100, 100, 1, 100] }),
      // 1,001 names, and visits, whose ratios sort before them.
      ...names('n', 1_001).map((metric) => ({ projectId: WIDE, date: '2031-03-03', metric, value: 1 })),
      { projectId: WIDE, date: '2031-03-04', metric: 'visits', value: 1 },
      ...names('n', 1_000).map((metric) => ({ projectId: FULL, date: '2031-03-03', metric, value: 1 })),
    ]);
  });
  afterAll(() => t.dispose());

  it('computes each ratio per day from that day, null on a day without visits, in the order asked', async () => {
    const result = await read('2031-03-03', '2031-03-05', ['views_per_visit', 'page_view', 'bounce_rate']);
    expect(Object.keys(result)).toEqual(['views_per_visit', 'page_view', 'bounce_rate']);
    expect(result.bounce_rate).toEqual({
      total: 0.5, // 2 bounces of 4 visits
      exact: true,
      series: [
        { start: '2031-03-03', value: 0.3333 },
        { start: '2031-03-04', value: null },
        { start: '2031-03-05', value: 1 },
      ],
    });
    expect(result.views_per_visit.series.map((p) => p.value)).toEqual([2.33, null, 1]);
    expect(result.views_per_visit.total).toBe(2);
    expect(result.page_view.total).toBe(9);
  });

  it('takes the ratio of the sums of each clipped week and of the range, in seconds for the duration', async () => {
    // Wed 2031-03-05 .. Wed 2031-03-12: [Wed-Sun] holds one visit, [Mon-Wed] two.
    const result = await read('2031-03-05', '2031-03-12', ['visit_duration', 'bounce_rate'], 'week');
    expect(result.visit_duration).toEqual({
      total: 27.8, // 83,450 ms over 3 visits
      exact: true,
      series: [
        { start: '2031-03-05', value: 0 },
        { start: '2031-03-10', value: 41.7 }, // 41.725 s
      ],
    });
    expect(result.bounce_rate.series.map((p) => p.value)).toEqual([1, 0]);
    expect(result.bounce_rate.total).toBe(0.3333);
  });

  it('gives the same ratios by month and the same total whatever the granularity', async () => {
    const byMonth = await read('2031-02-20', '2031-03-31', ['visit_duration', 'views_per_visit'], 'month');
    expect(byMonth.visit_duration.series).toEqual([
      { start: '2031-02-20', value: null },
      { start: '2031-03-01', value: 30.6 }, // 183,450 ms over 6 visits: 30.575 s
    ]);
    const byDay = await read('2031-02-20', '2031-03-31', ['visit_duration', 'views_per_visit'], 'day');
    expect(byDay.visit_duration.total).toBe(byMonth.visit_duration.total);
    expect(byDay.views_per_visit.total).toBe(byMonth.views_per_visit.total);
    expect(byMonth.views_per_visit.total).toBe(2.17); // 13 page views over 6 visits
  });

  it('answers the inputs beside their ratios, from the same rows', async () => {
    const result = await read('2031-03-03', '2031-03-12', ['visits', 'bounces', 'bounce_rate'], 'month');
    expect(result.visits).toEqual({ total: 6, exact: true, series: [{ start: '2031-03-03', value: 6 }] });
    expect(result.bounces.total).toBe(2);
    expect(result.bounce_rate.total).toBe(0.3333);
  });

  it('is null all through a range without visits', async () => {
    const result = await read('2031-03-12', '2031-03-13', ['bounce_rate']);
    expect(result.bounce_rate).toEqual({
      total: null,
      exact: true,
      series: [
        { start: '2031-03-12', value: null },
        { start: '2031-03-13', value: null },
      ],
    });
  });

  it('lists the ratios, sorted among the other names, where visits has data in the range', async () => {
    expect(await t.store.listMetricNames(PROJECT_A, '2031-03-03', '2031-03-03')).toEqual({
      names: [
        'bounce_rate',
        'bounces',
        'page_view',
        'views_per_visit',
        'visit_duration',
        'visit_duration_ms',
        'visit_pageviews',
        'visits',
      ],
      truncated: false,
    });
    // Stored zeros are no data: no visits, no ratios.
    expect(await t.store.listMetricNames(PROJECT_A, '2031-03-12', '2031-03-12')).toEqual({
      names: [],
      truncated: false,
    });
  });

  it('lists the first 1,000 names in order and says when there are more', async () => {
    const wide = await t.store.listMetricNames(WIDE, '2031-03-01', '2031-03-31');
    expect(wide.truncated).toBe(true);
    // bounce_rate sorts first; the visits and the other ratios sort after the cut.
    expect(wide.names).toEqual(['bounce_rate', ...names('n', 999)]);
    const full = await t.store.listMetricNames(FULL, '2031-03-01', '2031-03-31');
    expect(full).toEqual({ names: names('n', 1_000), truncated: false });
  });
});
