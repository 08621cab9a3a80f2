import type { Pool, PoolClient } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { keysOfPackedInt8 } from '../domain/sketch-keys.codec';
import { periodStartOf, type SketchPeriod } from '../domain/sketch-periods.util';
import type { SketchMergeOptions, SketchMergeResult } from '../metrics-store.types';
import {
  ANALYZE_MARKS,
  DELETE_MERGED_MARKS,
  DELETE_SKETCHES,
  READ_DAY_MARKS,
  READ_PERIOD_MARKS,
  READ_PERIOD_SKETCHES,
  ROUND_START,
  SKETCH_MERGE_LOCK_KEY,
  UPSERT_MARKS,
  UPSERT_SKETCHES,
} from './sketch-merge.statements';

/*
 * Why no element of daily_distinct is ever missing from its day, week and month sketches for good.
 *
 * Invariant D: every committed key of a day is in the stored day sketch, or the day has a mark.
 * Invariant P: every stored day sketch of a week (month) is contained in the week (month) sketch, or the week
 * (month) has a mark. Together: a period without marks has exact sketches; marks only ever wait to be merged.
 *
 * - A flush inserts keys and upserts its day marks in one transaction; every upsert takes a new version from
 *   a sequence. So a key and the version of the mark that announces it become visible at the same instant.
 * - The merger reads a day's mark version v and the day's keys in ONE statement (one snapshot S). A key
 *   committed before S is in the keys read; a key committed after S came with a version other than v.
 * - It writes the sketch of the keys read and deletes the mark only `WHERE version = v`, after locking it. A
 *   flush that committed after S has changed the version: no delete. A flush still in flight holds the mark's
 *   row lock, and every writer that locks a mark changes its version: the delete skips a locked mark (SKIP
 *   LOCKED), which keeps it just as the re-check of the new version would, without waiting for the flush.
 *   A flush that comes after the delete inserts a fresh mark (ON CONFLICT waits for the deleting transaction
 *   and then finds no row). In every order either the key was read, or a mark survives: D holds.
 * - Writing the day sketch, marking its week and month, and deleting the day mark commit together, so a crash
 *   between steps leaves the day mark (D) or nothing to do. Merging twice writes the same bytes (union and
 *   rebuild from the keys are idempotent).
 * - Weeks and months of a flush's day mark (`rebuild` false: keys were only added, so the new day sketch D'
 *   contains the stored one D): the day write unions D' into the stored week sketch W (and month sketch) in
 *   its own transaction, W' = W ∪ D'. Only the merger writes sketches, under its lock, so W read there is the
 *   last one written and nothing writes it before the commit. Every other day sketch of the week was in W (or
 *   the week has a mark, left alone), so in W'; D' ⊆ W': P holds, and a crash before the commit leaves the day
 *   mark (D). A flush racing this path is the day case above: its key is in the keys read, so in D' and W', or
 *   its re-mark survives and the next round builds D'' with it and unions D'' into W'. A union never drops an
 *   element, so growing can only keep too much, and only where keys were removed: that is the rebuild's job.
 * - Weeks and months of a rebuild's day mark (`rebuild` true, set by markSketchesForRebuild and kept by every
 *   re-mark): keys may be gone, so growing is not enough. The period mark and the day sketches are read in one
 *   snapshot, and such a day write re-marks its week and month in its own transaction (P); the rebuild marks
 *   every stored week and month too. A rebuild mark set while a flush's mark of the same day is merged changes
 *   the version: the mark stays, now with `rebuild`, and its periods are recomputed next round. A day merge
 *   that leaves the sketch bytes unchanged touches no period: the write that made those bytes already did.
 * - Only one merger runs at a time (a session advisory lock held on the connection that does all the work):
 *   two mergers could otherwise write sketches of different snapshots in the wrong order.
 * - Mark rows are locked in one global order by every writer (see sketch-merge.statements.ts): no deadlock.
 */

const DEFAULT_MAX_MARKS = 2_000;
// Marks handled per read and write: fewer round trips, yet bounded keys in memory (a busy day holds 100 k keys,
// 800 kB).
const CHUNK = 128;
// Merged sketches are derived data: a commit lost in a crash leaves its marks in place, merged again later.
const BEGIN = 'BEGIN; SET LOCAL synchronous_commit TO off';

interface PeriodKey {
  projectId: string;
  metricName: string;
  periodStart: string;
}

interface MarkRead extends PeriodKey {
  version: string;
  /** A day mark of the rebuild command: its week and month are recomputed, not grown. */
  rebuild: boolean;
}

interface BuiltSketch extends MarkRead {
  period: SketchPeriod;
  /** null: nothing to store (no key, or no day sketch, any more). */
  sketch: Buffer | null;
}

interface RoundProgress {
  dayMarks: number;
  periodMarks: number;
  sketchesWritten: number;
}

const columnsOf = (rows: readonly BuiltSketch[]) => [
  rows.map((r) => r.projectId),
  rows.map((r) => r.metricName),
  rows.map((r) => r.period),
  rows.map((r) => r.periodStart),
];

const idOf = (key: PeriodKey, period: SketchPeriod) =>
  `${key.projectId} ${key.metricName} ${period} ${key.periodStart}`;

/**
 * Writes the built sketches and removes their marks (by version) in one transaction; returns how many
 * sketches it wrote.
 * For day sketches, their weeks and months follow in the same transaction: grown by the new day sketch when
 * the mark only announced added keys, re-marked for a recompute when it came from the rebuild.
 */
async function storeSketches(client: PoolClient, built: BuiltSketch[], days: boolean): Promise<number> {
  const present = built.filter((b) => b.sketch !== null);
  const gone = built.filter((b) => b.sketch === null);
  await client.query(BEGIN);
  try {
    const written: PeriodKey[] = [];
    let grownPeriods = 0;
    if (present.length > 0) {
      const result = await client.query<{ project_id: string; metric_name: string; period_start: string }>(
        UPSERT_SKETCHES,
        [...columnsOf(present), present.map((b) => b.sketch)],
      );
      written.push(...result.rows.map(periodKeyOf));
    }
    if (gone.length > 0) {
      const result = await client.query<{ project_id: string; metric_name: string; period_start: string }>(
        DELETE_SKETCHES,
        columnsOf(gone),
      );
      written.push(...result.rows.map(periodKeyOf));
    }
    const byId = new Map(built.map((b) => [idOf(b, 'day'), b]));
    const writtenDays = days ? written.map((key) => byId.get(idOf(key, 'day')) as BuiltSketch) : [];
    const grown = writtenDays.filter((day) => !day.rebuild && day.sketch !== null);
    const recomputed = writtenDays.filter((day) => day.rebuild || day.sketch === null);
    if (grown.length > 0) grownPeriods = await growPeriodsOfDays(client, grown);
    // The day marks after the sketch writes (a flush re-marking one waits for this commit only, not for the
    // work above), before week and month marks: the global lock order.
    await client.query(DELETE_MERGED_MARKS, [...columnsOf(built), built.map((b) => b.version)]);
    if (recomputed.length > 0) await markPeriodsOfDays(client, recomputed);
    await client.query('COMMIT');
    return written.length + grownPeriods;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

const periodKeyOf = (row: { project_id: string; metric_name: string; period_start: string }): PeriodKey => ({
  projectId: row.project_id,
  metricName: row.metric_name,
  periodStart: row.period_start,
});

/** The week and the month of each day, once each, with the days inside them. */
function periodsOfDays(days: BuiltSketch[]): Map<string, { period: BuiltSketch; days: Buffer[] }> {
  const periods = new Map<string, { period: BuiltSketch; days: Buffer[] }>();
  for (const day of days) {
    for (const period of ['week', 'month'] as const) {
      const periodStart = periodStartOf(day.periodStart, period);
      const id = idOf({ ...day, periodStart }, period);
      const entry = periods.get(id) ?? {
        period: { ...day, period, periodStart, version: '', rebuild: false, sketch: null },
        days: [],
      };
      periods.set(id, entry);
      if (day.sketch !== null) entry.days.push(day.sketch);
    }
  }
  return periods;
}

/** Marks the week and the month of each day, once each. */
async function markPeriodsOfDays(client: PoolClient, days: BuiltSketch[]): Promise<void> {
  const periods = [...periodsOfDays(days).values()].map((p) => p.period);
  await client.query(UPSERT_MARKS, columnsOf(periods));
}

/** Unions each day sketch into the stored sketch of its week and of its month (or starts it); the written. */
async function growPeriodsOfDays(client: PoolClient, days: BuiltSketch[]): Promise<number> {
  const periods = periodsOfDays(days);
  const targets = [...periods.values()].map((p) => p.period);
  const { rows } = await client.query<MarkRow & { sketch: Buffer }>(READ_PERIOD_SKETCHES, columnsOf(targets));
  const stored = new Map(rows.map((row) => [idOf(periodKeyOf(row), row.period), row.sketch]));
  const grown = [...periods].map(([id, { period, days: daySketches }]) => {
    const before = stored.get(id);
    const parts = before === undefined ? daySketches : [before, ...daySketches];
    return { ...period, sketch: encoded(DistinctSketch.unionOfEncoded(parts)) };
  });
  const result = await client.query(UPSERT_SKETCHES, [...columnsOf(grown), grown.map((g) => g.sketch)]);
  return result.rowCount ?? 0;
}

interface MarkRow {
  project_id: string;
  metric_name: string;
  period: SketchPeriod;
  period_start: string;
  version: string;
  rebuild: boolean;
}

const markOf = (row: MarkRow): BuiltSketch => ({
  ...periodKeyOf(row),
  period: row.period,
  version: row.version,
  rebuild: row.rebuild,
  sketch: null,
});

const encoded = (sketch: DistinctSketch) => Buffer.from(sketch.encode());

/** Reads up to `limit` marks with their data, builds their sketches, stores them and removes the marks. */
async function mergeMarks<R extends MarkRow>(
  client: PoolClient,
  read: { statement: string; build: (rows: R[]) => BuiltSketch[]; days: boolean },
  parameters: unknown[],
  options: SketchMergeOptions,
): Promise<{ marks: number; written: number }> {
  const { rows } = await client.query<R>(read.statement, parameters);
  if (rows.length === 0) return { marks: 0, written: 0 };
  const built = read.build(rows);
  await options.afterRead?.();
  const written = await storeSketches(client, built, read.days);
  return { marks: built.length, written };
}

/** A day's sketch from all its keys in daily_distinct (one row per mark). */
const DAYS = {
  statement: READ_DAY_MARKS,
  days: true,
  build: (rows: (MarkRow & { keys: Buffer | null })[]) =>
    rows.map((row) => {
      const keys = keysOfPackedInt8(row.keys);
      return { ...markOf(row), sketch: keys.length === 0 ? null : encoded(DistinctSketch.fromKeys(keys)) };
    }),
};

/** A week's or month's sketch as the union of its stored day sketches (one row per day sketch). */
const PERIODS = {
  statement: READ_PERIOD_MARKS,
  days: false,
  build: (rows: (MarkRow & { sketch: Buffer | null })[]) => {
    const periods = new Map<string, { mark: BuiltSketch; days: Buffer[] }>();
    for (const row of rows) {
      const id = idOf(periodKeyOf(row), row.period);
      const entry = periods.get(id) ?? { mark: markOf(row), days: [] };
      periods.set(id, entry);
      if (row.sketch !== null) entry.days.push(row.sketch);
    }
    return [...periods.values()].map(({ mark, days }) => ({
      ...mark,
      sketch: days.length === 0 ? null : encoded(DistinctSketch.unionOfEncoded(days)),
    }));
  },
};

async function mergeRound(client: PoolClient, options: SketchMergeOptions): Promise<RoundProgress> {
  const max = options.maxMarks ?? DEFAULT_MAX_MARKS;
  const project = options.projectId ?? null;
  const progress: RoundProgress = { dayMarks: 0, periodMarks: 0, sketchesWritten: 0 };
  const start = (await client.query<{ version: string; stale_statistics: boolean }>(ROUND_START)).rows[0];
  if (start.stale_statistics) await client.query(ANALYZE_MARKS);
  const upTo = start.version;
  const days = (fresh: boolean) => (n: number) =>
    mergeMarks(client, DAYS, [n, project, fresh, upTo], options);
  // Days first (the freshest, then the oldest): a rebuild's day writes mark the weeks and months merged just
  // after, in the same round. The freshest take at most half the round: old marks still move every round.
  const phases = [
    { field: 'dayMarks', most: max / 2, merge: days(true) },
    { field: 'dayMarks', most: max, merge: days(false) },
    {
      field: 'periodMarks',
      most: max,
      merge: (n: number) => mergeMarks(client, PERIODS, [n, project], options),
    },
  ] as const;
  for (const { field, most, merge } of phases) {
    while (progress[field] < most) {
      const limit = Math.min(CHUNK, Math.ceil(most - progress[field]));
      const done = await merge(limit);
      progress[field] += done.marks;
      progress.sketchesWritten += done.written;
      if (done.marks < limit) break;
    }
  }
  return progress;
}

/**
 * One merge round: up to `maxMarks` day marks, oldest first, rebuilt from daily_distinct, then up to as many
 * week and month marks rebuilt from the day sketches. `busy` without any work when another merger runs.
 */
export async function mergeSketches(
  pool: Pool,
  options: SketchMergeOptions = {},
): Promise<SketchMergeResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      SKETCH_MERGE_LOCK_KEY,
    ]);
    if (!locked.rows[0].locked) return { status: 'busy' };
    try {
      const progress = await mergeRound(client, options);
      const max = options.maxMarks ?? DEFAULT_MAX_MARKS;
      return {
        status: 'merged',
        ...progress,
        more: progress.dayMarks >= max || progress.periodMarks >= max,
      };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SKETCH_MERGE_LOCK_KEY]).catch((error: Error) => {
        // The lock ends with the session: a connection that cannot unlock is closed, not pooled.
        broken = error;
      });
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
