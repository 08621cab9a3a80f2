import { aggregateBatch, type BatchAggregate } from './batch.aggregator';
import type { CountedEvent, PartitionSegment } from '../metrics-store.types';

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';

function segment(
  partition: number,
  first: number,
  events: Partial<CountedEvent>[],
  next?: number,
): PartitionSegment {
  return {
    partition,
    firstOffset: String(first),
    nextOffset: String(next ?? first + events.length),
    events: events.map((e, i) => ({
      offset: String(first + i),
      projectId: P1,
      date: '2026-11-01',
      type: 'click',
      instantMs: Date.UTC(2026, 10, 1, 12),
      visitorKey: null,
      sessionKey: null,
      ...e,
    })),
  };
}

const counterMap = (a: BatchAggregate) =>
  Object.fromEntries(
    a.counters.values.map((v, i) => [
      `${a.counters.projectIds[i]}/${a.counters.dates[i]}/${a.counters.metricNames[i]}`,
      v,
    ]),
  );
const distinctList = (a: BatchAggregate) =>
  a.distinct.keys
    .map((k, i) => `${a.distinct.projectIds[i]}/${a.distinct.dates[i]}/${a.distinct.kinds[i]}/${k}`)
    .sort();

describe('aggregateBatch', () => {
  it('adds one to the type and total_events, and to total_pageviews for page and screen views', () => {
    const a = aggregateBatch(
      [
        segment(0, 0, [
          { type: 'page_view' },
          { type: 'screen_view' },
          { type: 'click' },
          { type: 'click', date: '2026-11-02' },
        ]),
      ],
      new Map(),
    );
    expect(counterMap(a)).toEqual({
      [`${P1}/2026-11-01/page_view`]: 1,
      [`${P1}/2026-11-01/screen_view`]: 1,
      [`${P1}/2026-11-01/click`]: 1,
      [`${P1}/2026-11-01/total_events`]: 3,
      [`${P1}/2026-11-01/total_pageviews`]: 2,
      [`${P1}/2026-11-02/click`]: 1,
      [`${P1}/2026-11-02/total_events`]: 1,
    });
    expect(a.appliedEvents).toBe(4);
    expect(a.skippedEvents).toBe(0);
  });

  it('collects each distinct key once per project, date and kind, and lower-cases project ids', () => {
    const a = aggregateBatch(
      [
        segment(0, 0, [
          { visitorKey: 7n, sessionKey: -7n },
          { visitorKey: 7n, sessionKey: -7n },
          { visitorKey: 7n, date: '2026-11-02' },
          { visitorKey: 7n, projectId: P2.toUpperCase() },
        ]),
        segment(1, 0, [{ visitorKey: 7n }, { sessionKey: 9223372036854775807n }]),
      ],
      new Map(),
    );
    expect(distinctList(a)).toEqual(
      [
        `${P1}/2026-11-01/1/7`,
        `${P1}/2026-11-01/2/-7`,
        `${P1}/2026-11-01/2/9223372036854775807`,
        `${P1}/2026-11-02/1/7`,
        `${P2}/2026-11-01/1/7`,
      ].sort(),
    );
  });

  it('skips the events below the stored next offset of their partition', () => {
    const a = aggregateBatch(
      [segment(0, 10, [{}, {}, {}, {}]), segment(1, 10, [{}, {}])],
      new Map([
        [0, 12n],
        [1, -1n],
      ]),
    );
    expect(a.skippedEvents).toBe(2);
    expect(a.appliedEvents).toBe(4);
    expect(counterMap(a)[`${P1}/2026-11-01/click`]).toBe(4);
  });

  it('changes no counter for a segment entirely below the stored offset, and keeps the higher offset', () => {
    const a = aggregateBatch([segment(3, 0, [{}, {}])], new Map([[3, 100n]]));
    expect(a.counters.values).toEqual([]);
    expect(a.skippedEvents).toBe(2);
    expect(a.nextOffsets).toEqual({ partitions: [3], offsets: ['100'], newestRecordTimes: [-1] });
  });

  it('compares offsets as 64-bit integers, not as strings or doubles', () => {
    const big = 9007199254740993n; // above 2^53, where doubles lose integers
    const seg: PartitionSegment = {
      partition: 0,
      firstOffset: (big - 1n).toString(),
      nextOffset: (big + 1n).toString(),
      events: [
        {
          offset: (big - 1n).toString(),
          projectId: P1,
          date: '2026-11-01',
          type: 'a',
          instantMs: 0,
          visitorKey: null,
          sessionKey: null,
        },
        {
          offset: big.toString(),
          projectId: P1,
          date: '2026-11-01',
          type: 'a',
          instantMs: 0,
          visitorKey: null,
          sessionKey: null,
        },
      ],
    };
    const a = aggregateBatch([seg], new Map([[0, big]]));
    expect(a.appliedEvents).toBe(1);
    expect(a.nextOffsets.offsets).toEqual([(big + 1n).toString()]);
    expect(aggregateBatch([segment(0, 9, [{}, {}])], new Map([[0, 10n]])).appliedEvents).toBe(1);
  });

  it('counts a partition repeated within one batch only past what its earlier segment covered', () => {
    const a = aggregateBatch([segment(0, 0, [{}, {}, {}]), segment(0, 1, [{}, {}, {}, {}])], new Map());
    expect(a.appliedEvents).toBe(5);
    expect(a.skippedEvents).toBe(2);
    expect(a.nextOffsets).toEqual({ partitions: [0], offsets: ['5'], newestRecordTimes: [-1] });
  });

  it('lists the next offsets of every partition in order, even those with no valid event', () => {
    const a = aggregateBatch([segment(2, 0, [{}]), segment(0, 5, [], 9)], new Map());
    expect(a.nextOffsets).toEqual({ partitions: [0, 2], offsets: ['9', '1'], newestRecordTimes: [-1, -1] });
  });

  it('keeps the newest record time of each partition over its segments, -1 where none is known', () => {
    const a = aggregateBatch(
      [
        { ...segment(0, 0, [{}]), newestRecordTimeMs: 5_000 },
        { ...segment(0, 1, [{}]), newestRecordTimeMs: 4_000 },
        segment(1, 0, [{}]),
      ],
      new Map(),
    );
    expect(a.nextOffsets.newestRecordTimes).toEqual([5_000, -1]);
  });

  it('refuses KPI names as event types and malformed offsets', () => {
    expect(() => aggregateBatch([segment(0, 0, [{ type: 'unique_users' }])], new Map())).toThrow(
      expect.objectContaining({ code: 'invalid_batch', retriable: false }),
    );
    const bad = segment(0, 0, [{}]);
    bad.nextOffset = '1e3';
    expect(() => aggregateBatch([bad], new Map())).toThrow(
      expect.objectContaining({ code: 'invalid_batch' }),
    );
  });

  it('gathers each session once with its first and last event, dates, events and page views', () => {
    const at = (minute: number) => Date.UTC(2026, 10, 1, 23, minute);
    const a = aggregateBatch(
      [
        segment(0, 0, [
          { sessionKey: 5n, type: 'page_view', instantMs: at(30) },
          { sessionKey: 5n, type: 'click', instantMs: at(10), date: '2026-11-01' },
          { sessionKey: 5n, type: 'page_view', instantMs: at(70), date: '2026-11-02' },
          { sessionKey: 5n, projectId: P2, type: 'click', instantMs: at(1) },
          { sessionKey: null, type: 'page_view' },
        ]),
      ],
      new Map(),
    );
    expect(a.sessions).toEqual([
      {
        projectId: P1,
        sessionKey: 5n,
        activity: {
          firstAt: at(10),
          firstDate: '2026-11-01',
          lastAt: at(70),
          lastDate: '2026-11-02',
          events: 3,
          pageviews: 2,
        },
      },
      {
        projectId: P2,
        sessionKey: 5n,
        activity: {
          firstAt: at(1),
          firstDate: '2026-11-01',
          lastAt: at(1),
          lastDate: '2026-11-01',
          events: 1,
          pageviews: 0,
        },
      },
    ]);
  });

  it('counts events of dates past key retention in the summed metrics only', () => {
    const a = aggregateBatch(
      [
        segment(0, 0, [
          { date: '2026-10-01', visitorKey: 1n, sessionKey: 2n, type: 'page_view' },
          { date: '2026-10-02', visitorKey: 3n, sessionKey: 4n, type: 'page_view' },
        ]),
      ],
      new Map(),
      '2026-10-02',
    );
    expect(a.pastKeyRetention).toBe(1);
    expect(counterMap(a)).toMatchObject({
      [`${P1}/2026-10-01/total_events`]: 1,
      [`${P1}/2026-10-01/page_view`]: 1,
      [`${P1}/2026-10-02/total_events`]: 1,
    });
    expect(distinctList(a)).toEqual([`${P1}/2026-10-02/1/3`, `${P1}/2026-10-02/2/4`]);
    expect(a.sessions.map((s) => s.sessionKey)).toEqual([4n]);
  });
});
