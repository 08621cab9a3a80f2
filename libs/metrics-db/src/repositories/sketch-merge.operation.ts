import type { Pool, PoolClient } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { forEachTimeSliced } from '@metrics-store/runtime';
import { metricOfKind } from '../domain/distinct-kinds.constants';
import { periodStartDayOf, SKETCH_PERIODS, type SketchPeriod } from '../domain/sketch-periods.util';
import { arrayRows, bytesOfBase64 } from '../pg/array-rows';
import { storedSketches } from './stored-sketches.reader';
import type { SketchBacklog, SketchMergeOptions, SketchMergeResult } from '../metrics-store.types';
import {
  DELETE_DELTAS,
  DELTA_BACKLOG,
  NEWEST_DELTA,
  READ_DELTAS,
  SKETCH_WRITER_LOCK_KEY,
} from './sketch-merge.statements';
import { upsertSketches, type SketchToWrite } from './sketch-upsert.writer';
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
// The merger runs in the consumer's process: its JavaScript (a chunk can decode, grow and encode thousands of
// sketches) gives the event loop back every few milliseconds, so that flushes and HTTP answers do not wait
// for a whole chunk.
const SLICE = { sliceMs: 5 };
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

/** One (kind, date) group of keys of a delta row. */
interface DeltaGroup {
  id: string;
  projectId: string;
  kind: number;
  day: number;
  keys: Buffer;
}

/**
 * The day, week and month sketch each group of keys goes to, with every group's keys. Targets are found by
 * project, then by a number made of the start, kind and period: no string is built per group.
 */
async function targetsOf(groups: DeltaGroup[]): Promise<SketchTarget[]> {
  const targets: SketchTarget[] = [];
  const byProject = new Map<string, Map<number, SketchTarget>>();
  await forEachTimeSliced(
    groups,
    ({ projectId, kind, day, keys }) => {
      let ofProject = byProject.get(projectId);
      if (!ofProject) byProject.set(projectId, (ofProject = new Map()));
      const metricName = metricOfKind(kind);
      SKETCH_PERIODS.forEach((period, periodIndex) => {
        const start = periodStartDayOf(day, period);
        const id = (start * 4 + kind) * 4 + periodIndex;
        let target = ofProject.get(id);
        if (!target) {
          target = { projectId, metricName, period, start, keys: [] };
          ofProject.set(id, target);
          targets.push(target);
        }
        target.keys.push(keys);
      });
    },
    SLICE,
  );
  return targets;
}

/** The targets' stored sketches with their keys added; only those whose bytes changed. */
async function grownSketches(client: PoolClient, targets: SketchTarget[]): Promise<SketchToWrite[]> {
  const stored = await storedSketches(client, targets);
  const grown: SketchToWrite[] = [];
  await forEachTimeSliced(
    targets.keys(),
    (i) => {
      const target = targets[i];
      const bytes = stored[i];
      const sketch = bytes ? DistinctSketch.decode(bytes) : DistinctSketch.empty();
      let changed = bytes === undefined;
      for (const keys of target.keys) changed = sketch.addPacked(keys) || changed;
      if (!changed) return;
      const { projectId, metricName, period, start } = target;
      grown.push({ projectId, metricName, period, start, sketch: sketch.encode() });
    },
    SLICE,
  );
  return grown;
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
    const grown = await grownSketches(client, await targetsOf(groups));
    const written = await upsertSketches(client, grown);
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
