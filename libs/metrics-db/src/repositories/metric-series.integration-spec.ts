import type { Granularity } from '@metrics-store/metrics-contract';
import type { CountedEvent } from '../metrics-store.types';
import { buildSketchesWithMerger } from '../testing/sketches-by-merger';
import {
  openTestStore,
  PROJECT_A,
  PROJECT_B,
  segmentOf,
  type TestStore,
} from '../testing/metrics-store.fixture';

describe('readSeries and listMetricNames', () => {
  let t: TestStore;
  let nextOffset = 0;
  const apply = async (events: Partial<CountedEvent>[]) => {
    await t.store.applyBatch({ groupId: 'g', topic: 't', segments: [segmentOf(0, nextOffset, events)] });
    nextOffset += events.length;
  };
  const read = (
    from: string,
    to: string,
    metrics: string[],
    granularity: Granularity,
    projectId = PROJECT_A,
  ) => t.store.readSeries({ projectId, from, to, metrics, granularity });
  const visit = (date: string, visitorKey: bigint, type = 'page_view', sessionKey: bigint | null = null) => ({
    date,
    visitorKey,
    type,
    sessionKey,
  });

  beforeAll(async () => {
    t = await openTestStore();
    // Week of Mon 2026-11-02: visitor 1 on three days, visitor 2 once; visitor 1 again in the next week.
    await apply([
      visit('2026-11-02', 1n, 'page_view', 100n),
      visit('2026-11-03', 1n, 'page_view', 100n),
      visit('2026-11-03', 2n, 'click', 101n),
      visit('2026-11-05', 1n, 'page_view', 102n),
      visit('2026-11-10', 1n, 'page_view', 103n),
      visit('2026-11-10', 3n, 'click'),
    ]);
    // Across a year end and a leap day.
    await apply([
      visit('2026-12-31', 5n),
      visit('2027-01-01', 5n),
      visit('2027-01-01', 6n),
      visit('2028-02-29', 7n),
      visit('2028-02-29', 8n),
    ]);
    // Another tenant on the same dates must never leak in.
    await apply([
      { ...visit('2026-11-03', 1n), projectId: PROJECT_B },
      { ...visit('2026-11-03', 9n), projectId: PROJECT_B },
    ]);
    // Weeks, months and totals of distinct metrics are read from the sketches the consumer's merger keeps.
    await buildSketchesWithMerger(t.database.url);
  });
  afterAll(() => t.dispose());

  it('zero-fills the days without data, in order', async () => {
    const result = await read('2026-11-01', '2026-11-06', ['page_view'], 'day');
    expect(result.page_view).toEqual({
      total: 3,
      exact: true,
      series: [
        { start: '2026-11-01', value: 0 },
        { start: '2026-11-02', value: 1 },
        { start: '2026-11-03', value: 1 },
        { start: '2026-11-04', value: 0 },
        { start: '2026-11-05', value: 1 },
        { start: '2026-11-06', value: 0 },
      ],
    });
  });

  it('gives zeros for a well-formed metric without data', async () => {
    const result = await read(
      '2026-11-01',
      '2026-11-02',
      ['never_seen', 'sessions'],
      'day',
      '6f1c2a7e-0000-4000-8000-0000000000ff',
    );
    expect(result.never_seen).toEqual({
      total: 0,
      exact: true,
      series: [
        { start: '2026-11-01', value: 0 },
        { start: '2026-11-02', value: 0 },
      ],
    });
    expect(result.sessions.total).toBe(0);
  });

  it('counts distinct visitors per day, and over the range as a true distinct count', async () => {
    const result = await read('2026-11-02', '2026-11-10', ['unique_users', 'total_events'], 'day');
    expect(result.unique_users.series.filter((p) => (p.value ?? 0) > 0)).toEqual([
      { start: '2026-11-02', value: 1 },
      { start: '2026-11-03', value: 2 },
      { start: '2026-11-05', value: 1 },
      { start: '2026-11-10', value: 2 },
    ]);
    expect(result.unique_users.total).toBe(3); // visitors 1, 2, 3; the days sum to 6
    expect(result.total_events.total).toBe(6);
  });

  it('clips the first and last ISO week and counts distinct visitors per week', async () => {
    // Wed 2026-11-04 .. Tue 2026-11-10: [Wed-Sun], [Mon-Tue].
    const result = await read('2026-11-04', '2026-11-10', ['unique_users', 'sessions', 'page_view'], 'week');
    expect(result.page_view.series).toEqual([
      { start: '2026-11-04', value: 1 },
      { start: '2026-11-09', value: 1 },
    ]);
    expect(result.unique_users.series).toEqual([
      { start: '2026-11-04', value: 1 },
      { start: '2026-11-09', value: 2 },
    ]);
    expect(result.unique_users.total).toBe(2);
    expect(result.sessions).toEqual({
      total: 2,
      exact: true,
      series: [
        { start: '2026-11-04', value: 1 },
        { start: '2026-11-09', value: 1 },
      ],
    });
  });

  it('counts a visitor seen on several days of a week once for that week', async () => {
    const result = await read('2026-11-02', '2026-11-15', ['unique_users', 'sessions'], 'week');
    expect(result.unique_users.series).toEqual([
      { start: '2026-11-02', value: 2 },
      { start: '2026-11-09', value: 2 },
    ]);
    expect(result.unique_users.total).toBe(3);
    expect(result.sessions.series.map((p) => p.value)).toEqual([3, 1]);
    expect(result.sessions.total).toBe(4);
  });

  it('clips months and crosses a year end, with distinct counts per month and over the range', async () => {
    const result = await read('2026-11-03', '2027-01-01', ['unique_users', 'page_view'], 'month');
    expect(result.page_view.series).toEqual([
      { start: '2026-11-03', value: 3 }, // the 2026-11-02 view lies before the clipped month
      { start: '2026-12-01', value: 1 },
      { start: '2027-01-01', value: 2 },
    ]);
    expect(result.unique_users.series).toEqual([
      { start: '2026-11-03', value: 3 },
      { start: '2026-12-01', value: 1 },
      { start: '2027-01-01', value: 2 },
    ]);
    expect(result.unique_users.total).toBe(5); // 1, 2, 3, 5, 6
  });

  it('keeps a week that spans the year end whole', async () => {
    const result = await read('2026-12-28', '2027-01-03', ['unique_users', 'total_events'], 'week');
    expect(result.total_events.series).toEqual([{ start: '2026-12-28', value: 3 }]);
    expect(result.unique_users.series).toEqual([{ start: '2026-12-28', value: 2 }]);
  });

  it('counts the leap day', async () => {
    const days = await read('2028-02-28', '2028-03-01', ['unique_users'], 'day');
    expect(days.unique_users.series).toEqual([
      { start: '2028-02-28', value: 0 },
      { start: '2028-02-29', value: 2 },
      { start: '2028-03-01', value: 0 },
    ]);
    const months = await read('2028-02-01', '2028-03-31', ['page_view'], 'month');
    expect(months.page_view.series).toEqual([
      { start: '2028-02-01', value: 2 },
      { start: '2028-03-01', value: 0 },
    ]);
  });

  it('reads only the project asked for', async () => {
    const b = await read(
      '2026-11-03',
      '2026-11-03',
      ['unique_users', 'page_view'],
      'day',
      PROJECT_B.toUpperCase(),
    );
    expect(b.unique_users.total).toBe(2);
    expect(b.page_view.total).toBe(2);
  });

  it('refuses malformed dates and reversed ranges', async () => {
    await expect(read('2027-02-29', '2027-03-01', ['x'], 'day')).rejects.toMatchObject({
      code: 'invalid_date',
    });
    await expect(read('2026-11-02', '2026-11-01', ['x'], 'day')).rejects.toMatchObject({
      code: 'invalid_date',
    });
  });

  it('lists the metric names with data in the range, sorted', async () => {
    expect(await t.store.listMetricNames(PROJECT_A, '2026-11-02', '2026-11-03')).toEqual({
      // The visits of its sessions, and the ratios of those.
      names: [
        'bounce_rate',
        'click',
        'page_view',
        'sessions',
        'total_events',
        'total_pageviews',
        'unique_users',
        'views_per_visit',
        'visit_duration',
        'visit_duration_ms',
        'visit_pageviews',
        'visits',
      ],
      truncated: false,
    });
    expect(await t.store.listMetricNames(PROJECT_A, '2026-12-31', '2026-12-31')).toEqual({
      names: ['page_view', 'total_events', 'total_pageviews', 'unique_users'],
      truncated: false,
    });
    expect(await t.store.listMetricNames(PROJECT_A, '2026-11-20', '2026-11-25')).toEqual({
      names: [],
      truncated: false,
    });
  });

  it('reads a sketch again once it was rewritten, though the last version was kept between reads', async () => {
    // A week of its own (Mon 2030-06-03), so that the other tests never see these visitors.
    const week = () => read('2030-06-03', '2030-06-09', ['unique_users'], 'week');
    await apply([visit('2030-06-03', 11n), visit('2030-06-04', 12n)]);
    await buildSketchesWithMerger(t.database.url);
    expect((await week()).unique_users.total).toBe(2);
    expect((await week()).unique_users.total).toBe(2);
    await apply([visit('2030-06-05', 13n), visit('2030-06-05', 11n)]);
    await buildSketchesWithMerger(t.database.url);
    expect((await week()).unique_users).toEqual({
      total: 3,
      exact: true,
      series: [{ start: '2030-06-03', value: 3 }],
    });
  });

  it('answers a burst of concurrent distinct reads with the same counts as alone', async () => {
    const queries: [string, string, string[], Granularity][] = [
      ['2026-11-02', '2026-11-15', ['unique_users', 'sessions'], 'week'],
      ['2026-11-03', '2027-01-01', ['unique_users', 'page_view'], 'month'],
      ['2026-11-02', '2026-11-10', ['unique_users'], 'day'],
      ['2026-12-28', '2027-01-03', ['sessions', 'unique_users'], 'week'],
    ];
    const alone = [];
    for (const q of queries) alone.push(await read(...q));
    const burst = await Promise.all([...queries, ...queries].map((q) => read(...q)));
    expect(burst).toEqual([...alone, ...alone]);
  });
});
