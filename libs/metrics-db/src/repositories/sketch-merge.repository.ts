import type { Pool, PoolClient } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { metricOfKind } from '../domain/distinct-kinds.constants';
import { periodStartDayOf, SKETCH_PERIODS, type SketchPeriod } from '../domain/sketch-periods.util';
import { arrayRows, bytesOfBase64 } from '../pg/array-rows';
import type { SketchBacklog, SketchMergeOptions, SketchMergeResult } from '../metrics-store.types';
import {
  DELETE_DELTAS,
  DELTA_BACKLOG,
  NEWEST_DELTA,
  READ_DELTAS,
  READ_SKETCHES,
  SKETCH_WRITER_LOCK_KEY,
  UPSERT_SKETCHES,
} from './sketch-merge.statements';
import { withAdvisoryLock } from '../pg/advisory-lock';

/*
 * The merger adds the keys flushes added (distinct_sketch_deltas) to their day, ISO week and month sketches,
 * a bounded chunk at a time: its work follows the keys added, never what a day already holds. Why no key is
 * ever lost, whatever crashes, rollbacks, rebalances or rebuilds interleave: docs/distinct-sketches.md.
 */

const DEFAULT_MAX_KEYS = 262_144;
// Per chunk. A flush adds a row per project it counted new keys for, so with many small projects a second
// of flushes makes thousands of rows of a few keys each: the rows must not end a chunk before the keys do, or
// every further chunk of the round rewrites the same weeks and months (4 s rounds for 1,000 projects at
// 5,000 events/s with 512 rows, 0.45 s with these). The keys bound what a chunk holds: at most one (kind,
// date) group, so three sketches, per key.
const CHUNK_ROWS = 16_384;
const CHUNK_KEYS = 32_768;
// Merged sketches are derived data: a commit lost in a crash leaves its deltas in place, merged again later.
const BEGIN = 'BEGIN; SET LOCAL synchronous_commit TO off';

/** One sketch a chunk changes: where it is stored, and the keys it gains (views into the rows read). */
interface SketchTarget {
  projectId: string;
  metricName: string;
  period: SketchPeriod;
  /** period_start as a day number. */
  start: number;
  keys: Buffer[];
}

const targetId = (projectId: string, metricName: string, period: SketchPeriod, start: number) =>
  `${projectId} ${metricName} ${period} ${start}`;

/** One (kind, date) group of keys of a delta row. */
interface DeltaGroup {
  id: string;
  projectId: string;
  kind: number;
  day: number;
  keys: Buffer;
}

/** The day, week and month sketch each group of keys goes to, with every group's keys. */
function targetsOf(groups: DeltaGroup[]): Map<string, SketchTarget> {
  const targets = new Map<string, SketchTarget>();
  for (const { projectId, kind, day, keys } of groups) {
    const metricName = metricOfKind(kind);
    for (const period of SKETCH_PERIODS) {
      const start = periodStartDayOf(day, period);
      const id = targetId(projectId, metricName, period, start);
      let target = targets.get(id);
      if (!target) targets.set(id, (target = { projectId, metricName, period, start, keys: [] }));
      target.keys.push(keys);
    }
  }
  return targets;
}

/** The targets' stored sketches with their keys added; only those whose bytes changed. */
async function grownSketches(client: PoolClient, targets: SketchTarget[]): Promise<unknown[][]> {
  const stored = new Map<string, Buffer>();
  const rows = await arrayRows<[string, string, SketchPeriod, number, string]>(client, READ_SKETCHES, [
    targets.map((t) => t.projectId),
    targets.map((t) => t.metricName),
    targets.map((t) => t.period),
    targets.map((t) => t.start),
  ]);
  for (const [projectId, metricName, period, start, sketch] of rows)
    stored.set(targetId(projectId, metricName, period, start), bytesOfBase64(sketch));
  const columns: unknown[][] = [[], [], [], [], []];
  for (const target of targets) {
    const bytes = stored.get(targetId(target.projectId, target.metricName, target.period, target.start));
    const sketch = bytes ? DistinctSketch.decode(bytes) : DistinctSketch.empty();
    let changed = bytes === undefined;
    for (const keys of target.keys) changed = sketch.addPacked(keys) || changed;
    if (!changed) continue;
    const values = [target.projectId, target.metricName, target.period, target.start, sketch.encode()];
    values.forEach((value, i) => columns[i].push(value));
  }
  return columns;
}

interface ChunkResult {
  deltas: number;
  keys: number;
  sketchesWritten: number;
}

/** Merges the oldest deltas up to `newest` (a bounded chunk) in one transaction. */
async function mergeChunk(
  client: PoolClient,
  newest: string,
  maxKeys: number,
  options: SketchMergeOptions,
): Promise<ChunkResult> {
  await client.query(BEGIN);
  try {
    const rows = await arrayRows<[string, string, number, number, string]>(client, READ_DELTAS, [
      newest,
      CHUNK_ROWS,
      maxKeys,
    ]);
    const groups = rows.map(([id, projectId, kind, day, keys]): DeltaGroup => ({
      id,
      projectId,
      kind,
      day,
      keys: bytesOfBase64(keys),
    }));
    const ids = [...new Set(groups.map((group) => group.id))];
    if (ids.length === 0) {
      await client.query('COMMIT');
      return { deltas: 0, keys: 0, sketchesWritten: 0 };
    }
    await options.afterRead?.();
    const columns = await grownSketches(client, [...targetsOf(groups).values()]);
    const written =
      columns[0].length === 0 ? 0 : ((await client.query(UPSERT_SKETCHES, columns)).rowCount ?? 0);
    await client.query(DELETE_DELTAS, [ids]);
    await client.query('COMMIT');
    const keys = groups.reduce((sum, group) => sum + group.keys.length / 8, 0);
    return { deltas: ids.length, keys, sketchesWritten: written };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * One merge round: the deltas that were waiting when it began, oldest first, in chunks, up to `maxKeys` keys.
 * `busy` without any work while another process writes sketches (a merger or a rebuild).
 */
export async function mergeSketches(
  pool: Pool,
  options: SketchMergeOptions = {},
): Promise<SketchMergeResult> {
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const locked = await withAdvisoryLock(pool, SKETCH_WRITER_LOCK_KEY, { wait: false }, async (client) => {
    const [[newest]] = await arrayRows<[string]>(client, NEWEST_DELTA, []);
    const total: ChunkResult = { deltas: 0, keys: 0, sketchesWritten: 0 };
    let more = false;
    for (;;) {
      const left = maxKeys - total.keys;
      if (left <= 0) {
        more = true;
        break;
      }
      const chunk = await mergeChunk(client, newest, Math.min(CHUNK_KEYS, left), options);
      total.deltas += chunk.deltas;
      total.keys += chunk.keys;
      total.sketchesWritten += chunk.sketchesWritten;
      if (chunk.deltas === 0) break;
    }
    return { status: 'merged' as const, ...total, more };
  });
  return locked ?? { status: 'busy' };
}

/** The deltas waiting to be merged. */
export async function sketchBacklog(pool: Pool): Promise<SketchBacklog> {
  const { rows } = await pool.query<{ deltas: number; keys: number; age: number }>(DELTA_BACKLOG);
  return { deltas: rows[0].deltas, keys: rows[0].keys, oldestAgeSeconds: rows[0].age };
}
