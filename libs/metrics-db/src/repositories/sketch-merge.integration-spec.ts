import { Client } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { readSketchTruth } from '@metrics-store/testing';
import type { CountedEvent, MetricsBatch, SketchMergeResult } from '../metrics-store.types';
import {
  openTestStore,
  PROJECT_A,
  PROJECT_B,
  segmentOf,
  type TestStore,
} from '../testing/metrics-store.fixture';
import { SKETCH_WRITER_LOCK_KEY } from './sketch-merge.statements';

const GROUP = 'group-sketch';
const TOPIC = 'events.enriched';
let nextOffset = 0;
/** One batch on `partition`, each event continuing where the last batch ended. */
function batchOf(events: Partial<CountedEvent>[], partition = 0): MetricsBatch {
  const segment = segmentOf(partition, nextOffset, events);
  nextOffset += events.length;
  return { groupId: `${GROUP}-${partition}`, topic: TOPIC, segments: [segment] };
}
const visitors = (date: string, from: number, count: number, projectId = PROJECT_A) =>
  Array.from({ length: count }, (_, i) => ({ projectId, date, visitorKey: BigInt(from + i) * 7_919n }));

describe('sketch deltas and the sketch merger', () => {
  let t: TestStore;
  let client: Client;
  const mergeAll = async () => {
    let result: SketchMergeResult;
    do result = await t.store.mergeSketches();
    while (result.status === 'merged' && result.more);
    expect(result.status).toBe('merged');
  };
  const storedSketch = async (key: string) => {
    const hex = (await readSketchTruth(t.database.url)).stored.get(key);
    if (hex === undefined) throw new Error(`no sketch ${key}`);
    return DistinctSketch.decode(Buffer.from(hex, 'hex'));
  };
  const expectSketchesExact = async () => {
    const truth = await readSketchTruth(t.database.url);
    expect(truth.pendingDeltas).toBe(0);
    expect(truth.stored).toEqual(truth.expected);
  };
  const deltaRows = async () =>
    (
      await client.query<{ project_id: string; key_count: number; groups: string[]; keys: string[] }>(
        `SELECT project_id::text, key_count,
                ARRAY(SELECT kind || ' ' || date || ' ' || n FROM unnest(kinds, dates, key_counts) AS g(kind, date, n))
                  AS groups,
                ARRAY(SELECT substring(keys FROM i * 8 + 1 FOR 8)::text FROM generate_series(0, key_count - 1) AS i)
                  AS keys
         FROM distinct_sketch_deltas ORDER BY id`,
      )
    ).rows;
  const int8 = (key: bigint) => {
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64BE(key);
    return `\\x${bytes.toString('hex')}`;
  };

  beforeAll(async () => {
    t = await openTestStore();
    client = new Client({ connectionString: t.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.dispose();
  });
  beforeEach(async () => {
    await client.query('TRUNCATE daily_distinct, daily_metrics, distinct_sketches, distinct_sketch_deltas');
  });

  it('appends, in the flush, only the keys that were new, one row per project, grouped by kind and date', async () => {
    await t.store.applyBatch(
      batchOf([
        { date: '2026-11-01', visitorKey: 1n, sessionKey: 10n },
        { date: '2026-11-02', visitorKey: 1n },
        { date: '2026-11-01', visitorKey: -3n },
        { date: '2026-11-03', visitorKey: null, sessionKey: null },
        { date: '2026-11-01', projectId: PROJECT_B, sessionKey: 11n },
      ]),
    );
    const first = await deltaRows();
    expect(first).toEqual([
      {
        project_id: PROJECT_A,
        key_count: 4,
        groups: ['1 2026-11-01 2', '1 2026-11-02 1', '2 2026-11-01 1'],
        keys: expect.arrayContaining([int8(1n), int8(-3n), int8(10n)]),
      },
      { project_id: PROJECT_B, key_count: 1, groups: ['2 2026-11-01 1'], keys: [int8(11n)] },
    ]);
    expect(first[0].keys.slice(0, 2).sort()).toEqual([int8(-3n), int8(1n)].sort());
    expect(first[0].keys.slice(2)).toEqual([int8(1n), int8(10n)]);

    // Keys already known add nothing; a new one adds a row of its own.
    await t.store.applyBatch(batchOf([{ date: '2026-11-01', visitorKey: 1n, sessionKey: 10n }]));
    expect(await deltaRows()).toEqual(first);
    await t.store.applyBatch(batchOf([{ date: '2026-11-02', visitorKey: 2n }]));
    expect((await deltaRows()).slice(2)).toEqual([
      { project_id: PROJECT_A, key_count: 1, groups: ['1 2026-11-02 1'], keys: [int8(2n)] },
    ]);
  });

  it('builds day, ISO week and month sketches byte-equal to the sketch of all their keys', async () => {
    // Sunday 2026-11-29, Monday 11-30 and Tuesday 12-01: one week across two months; 11-30 past EXPLICIT.
    await t.store.applyBatch(
      batchOf([
        ...visitors('2026-11-29', 0, 300),
        ...visitors('2026-11-30', 200, 2_000),
        ...visitors('2026-12-01', 100, 50),
        { date: '2026-12-01', sessionKey: -5n },
        ...visitors('2026-11-30', 0, 10, PROJECT_B),
      ]),
    );
    await mergeAll();
    await expectSketchesExact();
    const truth = await readSketchTruth(t.database.url);
    expect([...truth.stored.keys()].filter((k) => k.startsWith(`${PROJECT_A} unique_users`)).sort()).toEqual([
      `${PROJECT_A} unique_users day 2026-11-29`,
      `${PROJECT_A} unique_users day 2026-11-30`,
      `${PROJECT_A} unique_users day 2026-12-01`,
      `${PROJECT_A} unique_users month 2026-11-01`,
      `${PROJECT_A} unique_users month 2026-12-01`,
      `${PROJECT_A} unique_users week 2026-11-23`,
      `${PROJECT_A} unique_users week 2026-11-30`,
    ]);
    expect((await storedSketch(`${PROJECT_A} unique_users week 2026-11-30`)).isExact()).toBe(false);

    // More keys on a merged day, some already in it: the day, its week and month follow.
    await t.store.applyBatch(batchOf(visitors('2026-12-01', 90, 40)));
    await mergeAll();
    await expectSketchesExact();
    // Neither merging nor rebuilding identical bytes rewrites a row.
    const rowVersions = () =>
      client.query(`SELECT xmin::text, period, period_start::text FROM distinct_sketches ORDER BY 2, 3, 1`);
    const before = (await rowVersions()).rows;
    await t.store.applyBatch(batchOf(visitors('2026-12-01', 90, 40)));
    await mergeAll();
    expect(await t.store.rebuildSketches()).toMatchObject({ sketchesWritten: 0 });
    expect((await rowVersions()).rows).toEqual(before);
  });

  it('leaves for the next chunk the keys of a flush that commits between its read and its write', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-10', 0, 20)));
    let flushed = false;
    const raced = await t.store.mergeSketches({
      afterRead: async () => {
        if (flushed) return;
        flushed = true;
        // Commits while the merger holds the deltas it read but has written nothing yet.
        await t.store.applyBatch(batchOf(visitors('2026-11-10', 1_000, 1)));
      },
    });
    // The round merged what was waiting when it began; the new delta waits for the next round.
    expect(raced).toMatchObject({ status: 'merged', deltas: 1, keys: 20 });
    expect((await deltaRows()).map((row) => row.key_count)).toEqual([1]);
    const day = `${PROJECT_A} unique_users day 2026-11-10`;
    expect((await storedSketch(day)).cardinality()).toBe(20);
    await mergeAll();
    await expectSketchesExact();
    expect((await storedSketch(day)).cardinality()).toBe(21);
  });

  it('loses nothing when a chunk fails after its read: its deltas stay and merge later', async () => {
    await t.store.applyBatch(batchOf([...visitors('2026-11-11', 0, 30), ...visitors('2026-11-12', 0, 5)]));
    await expect(
      t.store.mergeSketches({
        afterRead: async () => {
          throw new Error('the merger failed');
        },
      }),
    ).rejects.toThrow('the merger failed');
    expect(await t.store.sketchBacklog()).toMatchObject({ deltas: 1, keys: 35 });
    expect((await readSketchTruth(t.database.url)).stored.size).toBe(0);
    await mergeAll();
    await expectSketchesExact();
  });

  it('loses nothing when the merger dies mid-chunk (its connection killed): the next merger merges it all', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-13', 0, 25)));
    await mergeAll();
    await t.store.applyBatch(batchOf(visitors('2026-11-13', 100, 25)));
    await expect(
      t.store.mergeSketches({
        afterRead: async () => {
          await client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_locks
             WHERE locktype = 'advisory' AND objid = ($1::bigint & 4294967295)::oid AND pid <> pg_backend_pid()`,
            [SKETCH_WRITER_LOCK_KEY],
          );
        },
      }),
    ).rejects.toThrow();
    expect((await storedSketch(`${PROJECT_A} unique_users day 2026-11-13`)).cardinality()).toBe(25);
    await mergeAll();
    await expectSketchesExact();
  });

  it('lets one writer of sketches run at a time: another merger is busy and does nothing', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-12', 0, 3)));
    let inner: SketchMergeResult | undefined;
    const outer = await t.store.mergeSketches({
      afterRead: async () => {
        inner ??= await t.store.mergeSketches();
      },
    });
    expect(outer.status).toBe('merged');
    expect(inner).toEqual({ status: 'busy' });

    // Another process holding the lock.
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [SKETCH_WRITER_LOCK_KEY]);
      await t.store.applyBatch(batchOf(visitors('2026-11-12', 10, 1)));
      expect(await t.store.mergeSketches()).toEqual({ status: 'busy' });
      expect(await t.store.sketchBacklog()).toMatchObject({ deltas: 1, keys: 1 });
    } finally {
      await other.end();
    }
    await mergeAll();
    await expectSketchesExact();
  });

  it('bounds a round by its keys and a chunk by its rows and keys, and says more is waiting', async () => {
    for (let i = 0; i < 6; i++) await t.store.applyBatch(batchOf(visitors('2026-11-14', i * 1_000, 1_000)));
    expect(await t.store.mergeSketches({ maxKeys: 2_500 })).toEqual({
      status: 'merged',
      deltas: 3,
      keys: 3_000,
      sketchesWritten: expect.any(Number),
      more: true,
    });
    expect(await t.store.sketchBacklog()).toMatchObject({ deltas: 3, keys: 3_000 });
    await mergeAll();
    await expectSketchesExact();
    expect(await t.store.sketchBacklog()).toEqual({ deltas: 0, keys: 0, oldestAgeSeconds: 0 });
  });

  it('merges the one-row deltas of a thousand projects in one chunk: each week and month is written once a round', async () => {
    // A flush adds a delta row per project; with many small projects the rows, not the keys, fill a chunk,
    // and every further chunk rewrites the same weeks and months.
    const projects = Array.from(
      { length: 1_000 },
      (_, i) => `6f1c2a7e-0000-4000-8000-${(0x5000 + i).toString(16).padStart(12, '0')}`,
    );
    for (let flush = 0; flush < 2; flush++)
      await t.store.applyBatch(
        batchOf(projects.flatMap((projectId, i) => visitors('2026-11-14', flush * 10_000 + i, 1, projectId))),
      );
    let chunks = 0;
    const result = await t.store.mergeSketches({
      afterRead: async () => {
        chunks += 1;
      },
    });
    expect(result).toMatchObject({ status: 'merged', deltas: 2_000, keys: 2_000, more: false });
    expect(chunks).toBe(1);
    await expectSketchesExact();
  });

  it('says how old the oldest waiting key is', async () => {
    await client.query(
      `INSERT INTO distinct_sketch_deltas (project_id, created_at, key_count, kinds, dates, key_counts, keys)
       VALUES ($1, now() - interval '42 seconds', 1, '{1}', '{2026-11-15}', '{1}', int8send(7))`,
      [PROJECT_A],
    );
    await t.store.applyBatch(batchOf(visitors('2026-11-15', 0, 2)));
    const backlog = await t.store.sketchBacklog();
    expect(backlog).toMatchObject({ deltas: 2, keys: 3 });
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(42);
    expect(backlog.oldestAgeSeconds).toBeLessThan(100);
  });

  it('loses no key with concurrent flushes of overlapping keys on several partitions and rounds between them', async () => {
    const days = ['2026-11-16', '2026-11-17', '2026-11-22', '2026-11-23', '2026-12-01'];
    const flushes = Array.from({ length: 24 }, (_, i) =>
      batchOf(
        days.flatMap((date, d) => [
          ...visitors(date, (i % 5) * 300 + d, 400),
          ...visitors(date, i * 7, 3, PROJECT_B).map((event) => ({ ...event, sessionKey: BigInt(i) })),
        ]),
        i % 4,
      ),
    );
    const merging = (async () => {
      for (let round = 0; round < 30; round++) await t.store.mergeSketches({ maxKeys: 700 });
    })();
    // Four writers at a time, as four partitions' flushes of different consumers would be.
    for (let at = 0; at < flushes.length; at += 4)
      await Promise.all(flushes.slice(at, at + 4).map((batch) => t.store.applyBatch(batch)));
    await merging;
    await mergeAll();
    await expectSketchesExact();
  });

  it('rebuilds during consumption: flushes, mergers and a rebuild together leave every sketch exact', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-18', 0, 2_000)));
    await mergeAll();
    // A sketch gone wrong (bytes of another set) that only a rebuild repairs.
    await client.query(
      `UPDATE distinct_sketches SET sketch = $1 WHERE period = 'day' AND period_start = '2026-11-18'`,
      [Buffer.from(DistinctSketch.fromKeys([1n, 2n]).encode())],
    );
    const flushing = (async () => {
      for (let i = 1; i <= 15; i++) {
        await t.store.applyBatch(
          batchOf([...visitors('2026-11-18', i * 3_000, 300), ...visitors('2026-11-19', i, 40)]),
        );
        await t.store.mergeSketches({ maxKeys: 500 });
      }
    })();
    // Both end before anything is asserted, so that no flush outlives the test.
    const [rebuilt, flushed] = await Promise.allSettled([t.store.rebuildSketches(), flushing]);
    expect(flushed.status).toBe('fulfilled');
    expect(rebuilt).toMatchObject({ status: 'fulfilled', value: { days: expect.any(Number) } });
    await mergeAll();
    await expectSketchesExact();
  });
});
