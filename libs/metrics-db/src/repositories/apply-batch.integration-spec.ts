import type { MetricsBatch, MetricsStore, PartitionSegment } from '../metrics-store.types';
import {
  openTestStore,
  PROJECT_A,
  PROJECT_B,
  segmentOf,
  type TestStore,
} from '../testing/metrics-store.fixture';

const GROUP = 'group-a';
const TOPIC = 'events.enriched';
const batchOf = (...segments: PartitionSegment[]): MetricsBatch => ({
  groupId: GROUP,
  topic: TOPIC,
  segments,
});

async function dayValues(store: MetricsStore, metrics: string[], projectId = PROJECT_A, date = '2026-11-01') {
  const series = await store.readSeries({ projectId, from: date, to: date, metrics, granularity: 'day' });
  return Object.fromEntries(metrics.map((m) => [m, series[m].series[0].value]));
}

describe('applyBatch', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(() => t.dispose());

  it('counts types, totals, page views and distinct keys, and stores the next offset', async () => {
    const result = await t.store.applyBatch(
      batchOf(
        segmentOf(0, 0, [
          { type: 'page_view', visitorKey: 1n, sessionKey: 10n },
          { type: 'screen_view', visitorKey: 1n, sessionKey: 11n },
          { type: 'click', visitorKey: 2n, sessionKey: 11n },
          { type: 'click', visitorKey: null, sessionKey: null },
        ]),
      ),
    );
    // Seven event and KPI rows, and three of the visits: session 10 (one page view, a bounce) and session 11
    // (a screen view and a click at one instant: one page view, no bounce, no duration).
    expect(result).toEqual({
      appliedEvents: 4,
      skippedEvents: 0,
      rowsTouched: 10,
      newDistinctKeys: 4,
      pastKeyRetention: 0,
    });
    expect(
      await dayValues(t.store, [
        'page_view',
        'screen_view',
        'click',
        'total_events',
        'total_pageviews',
        'unique_users',
        'sessions',
        'visits',
        'bounces',
        'visit_pageviews',
        'visit_duration_ms',
      ]),
    ).toEqual({
      page_view: 1,
      screen_view: 1,
      click: 2,
      total_events: 4,
      total_pageviews: 2,
      unique_users: 2,
      sessions: 2,
      visits: 2,
      bounces: 1,
      visit_pageviews: 2,
      visit_duration_ms: 0,
    });
    expect(await t.store.readOffsets(GROUP, TOPIC, [0, 1])).toEqual(new Map([[0, '4']]));
  });

  it('changes nothing when the same batch is applied again', async () => {
    const batch = batchOf(segmentOf(1, 100, [{ type: 'signup', projectId: PROJECT_B, visitorKey: 5n }]));
    expect((await t.store.applyBatch(batch)).appliedEvents).toBe(1);
    expect(await t.store.applyBatch(batch)).toEqual({
      appliedEvents: 0,
      skippedEvents: 1,
      rowsTouched: 0,
      newDistinctKeys: 0,
      pastKeyRetention: 0,
    });
    expect(await dayValues(t.store, ['signup', 'total_events', 'unique_users'], PROJECT_B)).toEqual({
      signup: 1,
      total_events: 1,
      unique_users: 1,
    });
    expect((await t.store.readOffsets(GROUP, TOPIC, [1])).get(1)).toBe('101');
  });

  it('counts only the new part of a batch overlapping an applied one', async () => {
    const date = '2026-11-05';
    await t.store.applyBatch(
      batchOf(
        segmentOf(
          2,
          0,
          Array.from({ length: 10 }, () => ({ type: 'tap', date })),
        ),
      ),
    );
    const replay = await t.store.applyBatch(
      batchOf(
        segmentOf(
          2,
          5,
          Array.from({ length: 10 }, () => ({ type: 'tap', date })),
        ),
      ),
    );
    expect(replay.appliedEvents).toBe(5);
    expect(replay.skippedEvents).toBe(5);
    expect(await dayValues(t.store, ['tap', 'total_events'], PROJECT_A, date)).toEqual({
      tap: 15,
      total_events: 15,
    });
    expect((await t.store.readOffsets(GROUP, TOPIC, [2])).get(2)).toBe('15');
  });

  it('never moves a stored offset backwards', async () => {
    await t.store.applyBatch(batchOf(segmentOf(3, 50, [{ type: 'tap', date: '2026-11-06' }])));
    const old = await t.store.applyBatch(batchOf(segmentOf(3, 10, [{ type: 'tap', date: '2026-11-06' }])));
    expect(old.skippedEvents).toBe(1);
    expect((await t.store.readOffsets(GROUP, TOPIC, [3])).get(3)).toBe('51');
  });

  it('keeps offsets apart per consumer group and topic', async () => {
    await t.store.applyBatch({
      groupId: 'other-group',
      topic: TOPIC,
      segments: [segmentOf(0, 7, [{ date: '2026-11-07' }])],
    });
    expect(await t.store.readOffsets('other-group', TOPIC, [0])).toEqual(new Map([[0, '8']]));
    expect(await t.store.readOffsets(GROUP, 'other-topic', [0])).toEqual(new Map());
  });

  it('counts a visitor once per day across batches and partitions', async () => {
    const date = '2026-11-08';
    const seen = { date, visitorKey: 42n, sessionKey: 43n };
    await t.store.applyBatch(batchOf(segmentOf(4, 0, [seen, seen]), segmentOf(5, 0, [seen])));
    const later = await t.store.applyBatch(batchOf(segmentOf(5, 1, [seen, { ...seen, visitorKey: 44n }])));
    expect(later.newDistinctKeys).toBe(1);
    await t.store.applyBatch(batchOf(segmentOf(4, 2, [{ ...seen, date: '2026-11-09' }])));
    expect(await dayValues(t.store, ['unique_users', 'sessions', 'total_events'], PROJECT_A, date)).toEqual({
      unique_users: 2,
      sessions: 1,
      total_events: 5,
    });
    expect(await dayValues(t.store, ['unique_users'], PROJECT_A, '2026-11-09')).toEqual({ unique_users: 1 });
  });

  it('stores an offset even when every record of the segment was dead-lettered', async () => {
    const result = await t.store.applyBatch(
      batchOf({ partition: 6, firstOffset: '0', nextOffset: '3', events: [] }),
    );
    expect(result.appliedEvents).toBe(0);
    expect((await t.store.readOffsets(GROUP, TOPIC, [6])).get(6)).toBe('3');
  });

  it('stores any type name as it is, even one with array syntax in it', async () => {
    const odd = 'we,ird {"x"} \\ NULL';
    await t.store.applyBatch(
      batchOf(
        segmentOf(8, 0, [
          { type: odd, date: '2026-11-20' },
          { type: 'NULL', date: '2026-11-20' },
        ]),
      ),
    );
    expect((await t.store.listMetricNames(PROJECT_A, '2026-11-20', '2026-11-20')).names).toEqual(
      ['NULL', 'total_events', odd].sort(),
    );
    expect(await dayValues(t.store, [odd, 'total_events'], PROJECT_A, '2026-11-20')).toEqual({
      [odd]: 1,
      total_events: 2,
    });
  });

  it('rejects an event typed as a KPI name without writing anything', async () => {
    await expect(
      t.store.applyBatch(batchOf(segmentOf(7, 0, [{ type: 'total_events' }]))),
    ).rejects.toMatchObject({
      name: 'MetricsDbError',
      code: 'invalid_batch',
      retriable: false,
    });
    expect(await t.store.readOffsets(GROUP, TOPIC, [7])).toEqual(new Map());
  });
});
