import { PositionsOutOfDateError } from '../domain/positions-out-of-date.error';
import type { MetricsBatch, MetricsStore, PartitionSegment } from '../metrics-store.types';
import { openTestStore, segmentOf, type TestStore } from '../testing/metrics-store.fixture';

const GROUP = 'group-expected';
const TOPIC = 'events.enriched';
const DATE = '2026-11-01';

const batchOf = (expected: [number, string | null][], ...segments: PartitionSegment[]): MetricsBatch => ({
  groupId: GROUP,
  topic: TOPIC,
  segments,
  expectedOffsets: new Map(expected),
});

async function totalEvents(store: MetricsStore): Promise<number> {
  const series = await store.readSeries({
    projectId: segmentOf(0, 0, [{}]).events[0].projectId,
    from: DATE,
    to: DATE,
    metrics: ['total_events'],
    granularity: 'day',
  });
  return series.total_events.total ?? Number.NaN;
}

describe('applyBatch with expected offsets', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(() => t.dispose());

  it('counts a first batch that expects no stored offset, and one that continues from the stored offset', async () => {
    await t.store.applyBatch(batchOf([[0, null]], segmentOf(0, 0, [{}, {}])));
    await t.store.applyBatch(batchOf([[0, '2']], segmentOf(0, 2, [{}])));
    expect(await t.store.readOffsets(GROUP, TOPIC, [0])).toEqual(new Map([[0, '3']]));
    expect(await totalEvents(t.store)).toBe(3);
  });

  it('refuses a batch whose expected offset is behind or ahead of the stored one, changing nothing', async () => {
    // Partition 1 is fine, partition 0 is not: the whole batch is refused, partition 1 included.
    const before = await totalEvents(t.store);
    for (const expected of ['1', '7', null]) {
      const attempt = t.store.applyBatch(
        batchOf(
          [
            [0, expected],
            [1, null],
          ],
          segmentOf(0, 3, [{}, {}]),
          segmentOf(1, 0, [{}]),
        ),
      );
      await expect(attempt).rejects.toBeInstanceOf(PositionsOutOfDateError);
      await expect(attempt).rejects.toMatchObject({
        code: 'positions_out_of_date',
        retriable: false,
        stale: [{ partition: 0, expected, stored: '3' }],
      });
    }
    expect(await totalEvents(t.store)).toBe(before);
    expect(await t.store.readOffsets(GROUP, TOPIC, [0, 1])).toEqual(new Map([[0, '3']]));
  });

  it('refuses a batch that expects a stored offset where none was ever stored', async () => {
    const attempt = t.store.applyBatch(batchOf([[5, '40']], segmentOf(5, 40, [{}])));
    await expect(attempt).rejects.toMatchObject({
      code: 'positions_out_of_date',
      stale: [{ partition: 5, expected: '40', stored: null }],
    });
    expect(await t.store.readOffsets(GROUP, TOPIC, [5])).toEqual(new Map());
  });
});
