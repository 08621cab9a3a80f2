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
import { READ_DAY_MARKS, SKETCH_MERGE_LOCK_KEY } from './sketch-merge.statements';

const GROUP = 'group-sketch';
const TOPIC = 'events.enriched';
let nextOffset = 0;
/** One batch on partition 0, each event continuing where the last batch ended. */
function batchOf(events: Partial<CountedEvent>[]): MetricsBatch {
  const segment = segmentOf(0, nextOffset, events);
  nextOffset += events.length;
  return { groupId: GROUP, topic: TOPIC, segments: [segment] };
}
const visitors = (date: string, from: number, count: number, projectId = PROJECT_A) =>
  Array.from({ length: count }, (_, i) => ({ projectId, date, visitorKey: BigInt(from + i) * 7_919n }));

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
/** Rows the plan took from a table, those its filters dropped included. */
function rowsReadFrom(node: PlanNode, table: string): number {
  const own =
    node['Relation Name'] === table
      ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops']
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsReadFrom(child, table), 0);
}

interface MarkRow {
  project_id: string;
  metric_name: string;
  period: string;
  period_start: string;
  version: string;
}

describe('sketch marks and the sketch merger', () => {
  let t: TestStore;
  let client: Client;
  const marks = async () =>
    (
      await client.query<MarkRow>(
        `SELECT project_id::text, metric_name, period, period_start::text, version::text
         FROM distinct_sketch_marks ORDER BY period, project_id, metric_name, period_start`,
      )
    ).rows;
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
    expect(truth.pendingMarks).toBe(0);
    expect(truth.stored).toEqual(truth.expected);
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
    await client.query('TRUNCATE daily_distinct, daily_metrics, distinct_sketches, distinct_sketch_marks');
  });

  it('marks, in the flush, only the days that got a new distinct key', async () => {
    await t.store.applyBatch(
      batchOf([
        { date: '2026-11-01', visitorKey: 1n, sessionKey: 10n },
        { date: '2026-11-02', visitorKey: 1n },
        { date: '2026-11-03', visitorKey: null, sessionKey: null },
        { date: '2026-11-01', projectId: PROJECT_B, sessionKey: 11n },
      ]),
    );
    const first = await marks();
    expect(first.map((m) => `${m.project_id} ${m.metric_name} ${m.period} ${m.period_start}`)).toEqual([
      `${PROJECT_A} sessions day 2026-11-01`,
      `${PROJECT_A} unique_users day 2026-11-01`,
      `${PROJECT_A} unique_users day 2026-11-02`,
      `${PROJECT_B} sessions day 2026-11-01`,
    ]);

    // Keys already known mark nothing; a new key re-marks its day with a newer version.
    await t.store.applyBatch(batchOf([{ date: '2026-11-01', visitorKey: 1n, sessionKey: 10n }]));
    expect(await marks()).toEqual(first);
    await t.store.applyBatch(batchOf([{ date: '2026-11-02', visitorKey: 2n }]));
    const second = await marks();
    expect(second.filter((m, i) => m.version !== first[i].version)).toEqual([
      expect.objectContaining({ metric_name: 'unique_users', period_start: '2026-11-02' }),
    ]);
    expect(BigInt(second[2].version)).toBeGreaterThan(BigInt(first[3].version));
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

    // More keys on a merged day: the day and its week and month follow; merging again changes nothing.
    await t.store.applyBatch(batchOf(visitors('2026-12-01', 5_000, 40)));
    await mergeAll();
    await expectSketchesExact();
    const before = await client.query(`SELECT xmin::text, period, period_start::text FROM distinct_sketches`);
    await t.store.markSketchesForRebuild();
    await mergeAll();
    const after = await client.query(`SELECT xmin::text, period, period_start::text FROM distinct_sketches`);
    expect(after.rows).toEqual(before.rows); // identical bytes are not rewritten
  });

  it('keeps the mark of a day a flush touched between the read of its keys and the removal of its mark', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-10', 0, 20)));
    let flushed = false;
    const raced = await t.store.mergeSketches({
      afterRead: async () => {
        if (flushed) return;
        flushed = true;
        // Commits while the merger holds the keys it read but has written nothing yet.
        await t.store.applyBatch(batchOf(visitors('2026-11-10', 1_000, 1)));
      },
    });
    expect(raced).toMatchObject({ status: 'merged', dayMarks: 1 });
    const left = await marks();
    expect(left.map((m) => `${m.period} ${m.period_start}`)).toEqual(['day 2026-11-10']);
    const day = `${PROJECT_A} unique_users day 2026-11-10`;
    expect((await storedSketch(day)).cardinality()).toBe(20);

    await mergeAll();
    await expectSketchesExact();
    expect((await storedSketch(day)).cardinality()).toBe(21);
  });

  it('keeps the mark of a flush still in flight when the merger removes marks, without waiting for it', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-11', 0, 5)));
    const flush = new Client({ connectionString: t.database.url });
    await flush.connect();
    try {
      let opened = false;
      const merged = await t.store.mergeSketches({
        afterRead: async () => {
          if (opened) return;
          opened = true;
          // A flush's transaction: a new key and the re-mark of its day, not committed yet.
          await flush.query('BEGIN');
          await flush.query(`INSERT INTO daily_distinct VALUES ($1, '2026-11-11', 1, 424242)`, [PROJECT_A]);
          await flush.query(
            `INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start)
             VALUES ($1, 'unique_users', 'day', '2026-11-11')
             ON CONFLICT (project_id, metric_name, period, period_start)
             DO UPDATE SET version = nextval('distinct_sketch_mark_version')`,
            [PROJECT_A],
          );
        },
      });
      // The round ended while the flush still holds the mark's row lock: the merger skipped that mark.
      expect(merged).toMatchObject({ status: 'merged' });
      await flush.query('COMMIT');
    } finally {
      await flush.end();
    }
    expect((await marks()).map((m) => `${m.period} ${m.period_start}`)).toContain('day 2026-11-11');
    await mergeAll();
    await expectSketchesExact();
  });

  it('lets one merger run at a time: another one is busy and does nothing', async () => {
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
      await other.query('SELECT pg_advisory_lock($1)', [SKETCH_MERGE_LOCK_KEY]);
      await t.store.applyBatch(batchOf(visitors('2026-11-12', 10, 1)));
      expect(await t.store.mergeSketches()).toEqual({ status: 'busy' });
      expect((await marks()).length).toBeGreaterThan(0);
    } finally {
      await other.end();
    }
    await mergeAll();
    await expectSketchesExact();
  });

  it('grows the week and month of a flushed day in the day write itself, without marking them', async () => {
    await t.store.applyBatch(batchOf([...visitors('2026-11-16', 0, 40), ...visitors('2026-11-17', 20, 40)]));
    expect(await t.store.mergeSketches()).toMatchObject({ status: 'merged', dayMarks: 2, periodMarks: 0 });
    await expectSketchesExact();
    await t.store.applyBatch(batchOf(visitors('2026-11-18', 50, 30)));
    expect(await t.store.mergeSketches()).toMatchObject({ dayMarks: 1, periodMarks: 0, sketchesWritten: 3 });
    await expectSketchesExact();
    expect((await storedSketch(`${PROJECT_A} unique_users week 2026-11-16`)).cardinality()).toBe(80);
  });

  it('loses no element of a week or month when a flush commits while a day grows them', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-16', 0, 10)));
    await mergeAll();
    await t.store.applyBatch(batchOf(visitors('2026-11-17', 100, 10)));
    let flushed = false;
    const raced = await t.store.mergeSketches({
      afterRead: async () => {
        if (flushed) return;
        flushed = true;
        // Between the read of 11-17's keys and the growth of its week and month: a new visitor on that day
        // and one on another day of the same week, both committed before the merger writes anything.
        await t.store.applyBatch(
          batchOf([...visitors('2026-11-17', 500, 1), ...visitors('2026-11-19', 600, 1)]),
        );
      },
    });
    expect(raced).toMatchObject({ status: 'merged', periodMarks: 0 });
    const week = `${PROJECT_A} unique_users week 2026-11-16`;
    expect((await storedSketch(week)).cardinality()).toBe(20);
    expect((await marks()).map((m) => `${m.period} ${m.period_start}`)).toEqual([
      'day 2026-11-17',
      'day 2026-11-19',
    ]);

    await mergeAll();
    await expectSketchesExact();
    expect((await storedSketch(week)).cardinality()).toBe(22);
    expect((await storedSketch(`${PROJECT_A} unique_users month 2026-11-01`)).cardinality()).toBe(22);
  });

  it('keeps a rebuild mark a rebuild through the re-marks of later flushes', async () => {
    await t.store.applyBatch(batchOf(visitors('2026-11-20', 0, 5)));
    const rebuildFlags = async () =>
      (await client.query(`SELECT period, rebuild FROM distinct_sketch_marks ORDER BY 1`)).rows;
    expect(await rebuildFlags()).toEqual([{ period: 'day', rebuild: false }]);
    await t.store.markSketchesForRebuild();
    await t.store.applyBatch(batchOf(visitors('2026-11-20', 10, 1)));
    expect(await rebuildFlags()).toEqual([{ period: 'day', rebuild: true }]);
    // The rebuild recomputes the week and month from their days instead of growing them.
    expect(await t.store.mergeSketches()).toMatchObject({ status: 'merged', dayMarks: 1, periodMarks: 2 });
    await expectSketchesExact();
  });

  it('merges the last two days before older marks, yet older marks in every round', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await t.store.applyBatch(batchOf(visitors('2026-10-01', 0, 1)));
    await t.store.applyBatch(batchOf(visitors('2026-10-02', 0, 1)));
    await t.store.applyBatch(batchOf(visitors('2026-10-03', 0, 1)));
    await t.store.applyBatch(batchOf(visitors(today, 0, 1)));
    expect(await t.store.mergeSketches({ maxMarks: 2 })).toMatchObject({ dayMarks: 2, more: true });
    expect((await marks()).map((m) => m.period_start)).toEqual(['2026-10-02', '2026-10-03']);
  });

  it('does not read again, in the same round, a day re-marked while it was merged', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await t.store.applyBatch(batchOf(visitors(today, 0, 3)));
    let flushed = false;
    const round = await t.store.mergeSketches({
      maxMarks: 4,
      afterRead: async () => {
        if (flushed) return;
        flushed = true;
        await t.store.applyBatch(batchOf(visitors(today, 100, 1)));
      },
    });
    // Read once by the freshest part of the round; its re-mark waits for the next round.
    expect(round).toMatchObject({ status: 'merged', dayMarks: 1 });
    expect((await marks()).map((m) => m.period_start)).toEqual([today]);
    await mergeAll();
    await expectSketchesExact();
  });

  it('reads a chunk of the oldest marks without reading every mark that waits', async () => {
    const waiting = 20_000;
    await client.query(
      `INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start, marked_at)
       SELECT md5(n::text)::uuid, 'unique_users', 'day', DATE '2026-01-01' + n % 300,
              now() - make_interval(secs => n % 997)
       FROM generate_series(1, $1::int) AS n`,
      [waiting],
    );
    await client.query('ANALYZE distinct_sketch_marks');
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${READ_DAY_MARKS}`,
      [128, null, false, Number.MAX_SAFE_INTEGER],
    );
    const plan = rows[0]['QUERY PLAN'][0].Plan;
    expect(plan['Actual Rows']).toBe(128);
    // A scan of the whole table (and a sort of it) would read all 20,000 marks for every chunk of 128.
    expect(rowsReadFrom(plan, 'distinct_sketch_marks')).toBeLessThan(waiting / 10);
  });

  it("fills a chunk with the other waiting days of the oldest marks' project, so its week grows once", async () => {
    // Three flushes, each marking one day of A and of B in one week: by age alone a chunk of three would take
    // A's and B's first days and A's second.
    for (const date of ['2026-10-05', '2026-10-06', '2026-10-07'])
      await t.store.applyBatch(batchOf([...visitors(date, 0, 1), ...visitors(date, 0, 1, PROJECT_B)]));
    expect(await t.store.mergeSketches({ maxMarks: 3 })).toMatchObject({ dayMarks: 3, more: true });
    expect((await marks()).map((m) => `${m.project_id} ${m.period_start}`)).toEqual(
      ['2026-10-05', '2026-10-06', '2026-10-07'].map((date) => `${PROJECT_B} ${date}`),
    );
    await mergeAll();
    await expectSketchesExact();
  });

  it("refreshes the planner's statistics of a marks table that filled up since they were taken", async () => {
    const analyses = async () =>
      (
        await client.query<{ analyze_count: string; reltuples: number }>(
          `SELECT s.analyze_count, c.reltuples FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
           WHERE s.relid = 'distinct_sketch_marks'::regclass`,
        )
      ).rows[0];
    await client.query('ANALYZE distinct_sketch_marks');
    await client.query(
      `INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start)
       SELECT md5(n::text)::uuid, 'unique_users', 'day', DATE '2026-01-01' + n % 300 FROM generate_series(1, 5000) AS n`,
    );
    // The insert's row counts reach the shared statistics now, not up to a few seconds later.
    await client.query('SELECT pg_stat_force_next_flush()');
    const before = await analyses();
    expect(before.reltuples).toBeLessThan(1);
    await t.store.mergeSketches({ maxMarks: 1 });
    const after = await analyses();
    expect(Number(after.analyze_count)).toBe(Number(before.analyze_count) + 1);
    expect(after.reltuples).toBeGreaterThan(4000);
    // Statistics that match the table are left alone.
    await t.store.mergeSketches({ maxMarks: 1 });
    expect((await analyses()).analyze_count).toBe(after.analyze_count);
  });

  it('rebuilds from the keys: sketches of removed keys go, weeks and months follow', async () => {
    await t.store.applyBatch(
      batchOf([...visitors('2026-11-13', 0, 30), ...visitors('2026-11-14', 0, 30, PROJECT_B)]),
    );
    await mergeAll();
    await client.query(`DELETE FROM daily_distinct WHERE date = '2026-11-13' AND key % 2 = 0`);
    await client.query(`DELETE FROM daily_distinct WHERE project_id = $1`, [PROJECT_B]);
    const marked = await t.store.markSketchesForRebuild();
    // A's day 11-13 is marked twice (it has keys and a sketch); its week and month and all of B's once.
    expect(marked.marked).toBe(7);
    expect(await t.store.sketchMarkStats({ upToVersion: marked.upToVersion })).toMatchObject({ pending: 6 });
    await mergeAll();
    await expectSketchesExact();
    const truth = await readSketchTruth(t.database.url);
    expect([...truth.stored.keys()].some((key) => key.startsWith(PROJECT_B))).toBe(false);
    expect(await t.store.sketchMarkStats()).toEqual({ pending: 0, oldestAgeSeconds: 0 });
  });
});
