import type { Pool, PoolClient } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { toDayNumber } from '@metrics-store/metrics-contract';
import { lastDayOfBucket } from '../domain/date-buckets.util';
import { metricOfKind } from '../domain/distinct-kinds.constants';
import { arrayRows, bytesOfBase64 } from '../pg/array-rows';
import type { SketchRebuildOptions, SketchRebuildResult } from '../metrics-store.types';
import { SKETCH_WRITER_LOCK_KEY } from './sketch-merge.statements';
import { storedSketches } from './stored-sketches.reader';
import { upsertSketches } from './sketch-upsert.writer';
import {
  DAY_SKETCHES_OF_PERIOD,
  DAYS_WITH_KEYS,
  DELETE_DAY_SKETCHES_WITHOUT_KEYS,
  DELETE_SKETCHES,
  KEYS_OF_DAY_PAGE,
  KEYS_OF_DAYS,
  NEXT_PROJECT,
  PERIODS_TO_REBUILD,
} from './sketch-rebuild.statements';
import { withAdvisoryLock } from '../pg/advisory-lock';

/*
 * The rebuild replaces, project by project, every day sketch by the sketch of the day's keys, then every week
 * and month of those days by the union of its day sketches. It holds the sketch writers' lock from the snapshot
 * it reads to the write: keys committed after that snapshot came with deltas that the merger adds afterwards.
 * It holds the lock one batch at a time, so consumers' mergers go on in between. Days before `keysKeptFrom`
 * keep their sketches as they are (their keys may be past retention); from it on, a day without keys has no
 * sketch. Memory is bounded by PAGE_KEYS keys and a few sketches, whatever a day holds.
 */

/** Keys read at once: several small days together, or a page of a big day. */
const PAGE_KEYS = 65_536;
const DAYS_PER_PAGE = 2_000;
/** Weeks and months recomputed under one hold of the lock (a month of FULL day sketches is ~320 kB). */
const PERIODS_PER_BATCH = 16;
const BEFORE_ALL_DAYS = -1_000_000;
const NO_PROJECT = '00000000-0000-0000-0000-000000000000';
const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ; SET LOCAL synchronous_commit TO off';

interface DayToRebuild {
  kind: number;
  day: number;
  /** The day's counter: about how many keys it holds. */
  counted: number;
}

/** A sketch of one project to write: its bytes, or null to remove it. */
interface BuiltSketch {
  metricName: string;
  period: 'day' | 'week' | 'month';
  start: number;
  sketch: Uint8Array | null;
}

/** Writes the sketches whose bytes differ from the stored ones and removes those built as null; the count. */
async function writeChanged(client: PoolClient, projectId: string, built: BuiltSketch[]): Promise<number> {
  if (built.length === 0) return 0;
  const stored = await storedSketches(
    client,
    built.map((b) => ({ projectId, metricName: b.metricName, period: b.period, start: b.start })),
  );
  const present = built.flatMap((b, i) => {
    const before = stored[i];
    return b.sketch !== null && (before === undefined || !before.equals(b.sketch))
      ? [{ projectId, metricName: b.metricName, period: b.period, start: b.start, sketch: b.sketch }]
      : [];
  });
  const gone = built.filter((b, i) => b.sketch === null && stored[i] !== undefined);
  await upsertSketches(client, present);
  if (gone.length > 0) {
    await client.query(DELETE_SKETCHES, [
      projectId,
      gone.map((b) => b.metricName),
      gone.map((b) => b.period),
      gone.map((b) => b.start),
    ]);
  }
  return present.length + gone.length;
}

/** The sketch of one day read a page at a time; null when the day has no key. */
async function sketchOfBigDay(
  client: PoolClient,
  projectId: string,
  day: DayToRebuild,
): Promise<DistinctSketch | null> {
  const sketch = DistinctSketch.empty();
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const rows: [number, string | null, string | null][] = await arrayRows(client, KEYS_OF_DAY_PAGE, [
      projectId,
      day.day,
      day.kind,
      after,
      PAGE_KEYS,
    ]);
    const [[count, last, keys]] = rows;
    if (keys) sketch.addPacked(bytesOfBase64(keys));
    total += count;
    if (count < PAGE_KEYS || last === null) break;
    after = last;
  }
  return total === 0 ? null : sketch;
}

/** Rebuilds the day sketches of a batch of a project's days from one snapshot of their keys, under the lock. */
async function rebuildDays(pool: Pool, projectId: string, days: DayToRebuild[]): Promise<number> {
  const written = await withAdvisoryLock(pool, SKETCH_WRITER_LOCK_KEY, { wait: true }, async (client) => {
    await client.query(SNAPSHOT);
    try {
      const sketches = new Map<string, Uint8Array>();
      const small = days.filter((d) => d.counted <= PAGE_KEYS);
      if (small.length > 0) {
        const rows = await arrayRows<[number, number, string]>(client, KEYS_OF_DAYS, [
          projectId,
          small.map((d) => d.kind),
          small.map((d) => d.day),
        ]);
        for (const [kind, day, keys] of rows) {
          const sketch = DistinctSketch.empty();
          sketch.addPacked(bytesOfBase64(keys));
          sketches.set(`${kind} ${day}`, sketch.encode());
        }
      }
      for (const day of days.filter((d) => d.counted > PAGE_KEYS)) {
        const sketch = await sketchOfBigDay(client, projectId, day);
        if (sketch) sketches.set(`${day.kind} ${day.day}`, sketch.encode());
      }
      const built = days.map((d): BuiltSketch => ({
        metricName: metricOfKind(d.kind),
        period: 'day',
        start: d.day,
        sketch: sketches.get(`${d.kind} ${d.day}`) ?? null,
      }));
      const count = await writeChanged(client, projectId, built);
      await client.query('COMMIT');
      return count;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
  return written ?? 0;
}

/** Recomputes weeks and months of a project as the union of their stored day sketches, under the lock. */
async function rebuildPeriods(pool: Pool, projectId: string, periods: BuiltSketch[]): Promise<number> {
  const written = await withAdvisoryLock(pool, SKETCH_WRITER_LOCK_KEY, { wait: true }, async (client) => {
    const built: BuiltSketch[] = [];
    for (const period of periods) {
      const end = lastDayOfBucket(period.start, period.period);
      const rows = await arrayRows<[string]>(client, DAY_SKETCHES_OF_PERIOD, [
        projectId,
        period.metricName,
        period.start,
        end,
      ]);
      const sketch =
        rows.length === 0
          ? null
          : DistinctSketch.unionOfEncoded(rows.map(([bytes]) => bytesOfBase64(bytes))).encode();
      built.push({ ...period, sketch });
    }
    return writeChanged(client, projectId, built);
  });
  return written ?? 0;
}

/** A project's days with counted keys from `keptFrom` on, a page at a time. */
async function* daysWithKeys(
  pool: Pool,
  projectId: string,
  keptFrom: number,
): AsyncGenerator<DayToRebuild[]> {
  let cursor: [number, string] = [BEFORE_ALL_DAYS, ''];
  for (;;) {
    const rows = await arrayRows<[number, number, string, number]>(pool, DAYS_WITH_KEYS, [
      projectId,
      keptFrom,
      ...cursor,
      DAYS_PER_PAGE,
    ]);
    if (rows.length === 0) return;
    yield rows.map(([kind, day, , counted]) => ({ kind, day, counted }));
    const [, day, metricName] = rows[rows.length - 1];
    cursor = [day, metricName];
    if (rows.length < DAYS_PER_PAGE) return;
  }
}

/** Batches of days whose keys together stay within PAGE_KEYS (a bigger day goes alone, read in pages). */
function batchesOf(days: DayToRebuild[]): DayToRebuild[][] {
  const batches: DayToRebuild[][] = [];
  let batch: DayToRebuild[] = [];
  let keys = 0;
  for (const day of days) {
    if (batch.length > 0 && keys + day.counted > PAGE_KEYS) {
      batches.push(batch);
      batch = [];
      keys = 0;
    }
    batch.push(day);
    keys += day.counted;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** One project: its days, the day sketches that have no keys at all, then its weeks and months. */
async function rebuildProject(
  pool: Pool,
  projectId: string,
  keptFrom: number,
  result: SketchRebuildResult,
  onProgress: () => void,
): Promise<void> {
  for await (const page of daysWithKeys(pool, projectId, keptFrom)) {
    for (const batch of batchesOf(page)) {
      result.sketchesWritten += await rebuildDays(pool, projectId, batch);
      result.days += batch.length;
      onProgress();
    }
  }
  const removed = await withAdvisoryLock(pool, SKETCH_WRITER_LOCK_KEY, { wait: true }, (client) =>
    client.query(DELETE_DAY_SKETCHES_WITHOUT_KEYS, [projectId, keptFrom]),
  );
  result.sketchesWritten += removed?.rowCount ?? 0;
  const periods = (
    await arrayRows<[string, 'week' | 'month', number]>(pool, PERIODS_TO_REBUILD, [projectId, keptFrom])
  )
    .map(([metricName, period, start]): BuiltSketch => ({ metricName, period, start, sketch: null }))
    // A period wholly before keptFrom keeps its sketch, as its days do.
    .filter((period) => lastDayOfBucket(period.start, period.period) >= keptFrom);
  for (let at = 0; at < periods.length; at += PERIODS_PER_BATCH) {
    const batch = periods.slice(at, at + PERIODS_PER_BATCH);
    result.sketchesWritten += await rebuildPeriods(pool, projectId, batch);
    result.periods += batch.length;
    onProgress();
  }
}

/**
 * Rebuilds distinct_sketches from daily_distinct (all projects, or one), idempotently: a second run writes
 * nothing. Safe while consumers count and merge.
 */
export async function rebuildSketches(
  pool: Pool,
  options: SketchRebuildOptions = {},
): Promise<SketchRebuildResult> {
  const result: SketchRebuildResult = { days: 0, periods: 0, sketchesWritten: 0 };
  const keptFrom = options.keysKeptFrom ? toDayNumber(options.keysKeptFrom) : BEFORE_ALL_DAYS;
  const onProgress = () => options.onProgress?.({ ...result });
  if (options.projectId) {
    await rebuildProject(pool, options.projectId, keptFrom, result, onProgress);
    return result;
  }
  for (let after = NO_PROJECT; ;) {
    const [[next]] = await arrayRows<[string | null]>(pool, NEXT_PROJECT, [after]);
    if (next === null) return result;
    await rebuildProject(pool, next, keptFrom, result, onProgress);
    after = next;
  }
}
