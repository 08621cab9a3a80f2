import { isKpiName, PAGEVIEW_TYPES } from '@metrics-store/metrics-contract';
import { DISTINCT_KINDS } from './distinct-kinds.constants';
import { MetricsDbError } from '../pg/metrics-db.error';
import type { PartitionSegment } from '../metrics-store.types';

/** Column arrays, ready to be bound as `unnest($1::uuid[], ...)` parameters. */
export interface CounterDeltas {
  projectIds: string[];
  dates: string[];
  metricNames: string[];
  values: number[];
}

export interface DistinctKeys {
  projectIds: string[];
  dates: string[];
  kinds: number[];
  /** Signed 64-bit keys as decimal strings. */
  keys: string[];
}

export interface BatchAggregate {
  appliedEvents: number;
  skippedEvents: number;
  counters: CounterDeltas;
  distinct: DistinctKeys;
  /** Highest next offset per partition of the batch. */
  nextOffsets: { partitions: number[]; offsets: string[] };
}

function parseOffset(value: string, what: string): bigint {
  try {
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  } catch {
    // fall through to the error below
  }
  throw new MetricsDbError('invalid_batch', `${what} is not an integer offset: ${String(value)}`, false);
}

/** The deltas of one (project, date): few per batch, so per-event work is one string key and small maps. */
interface DayCell {
  projectId: string;
  date: string;
  metrics: Map<string, number>;
  users: Set<bigint>;
  sessions: Set<bigint>;
}

function bump(metrics: Map<string, number>, name: string): void {
  metrics.set(name, (metrics.get(name) ?? 0) + 1);
}

/**
 * Turns the events of a batch into counter deltas and distinct keys, leaving out every event below its
 * partition's stored next offset (already counted by an earlier transaction). Pure: no I/O, no clock.
 * A partition that appears in several segments is handled in order: a later segment only counts what lies
 * past the earlier ones.
 */
export function aggregateBatch(
  segments: readonly PartitionSegment[],
  storedNextOffsets: ReadonlyMap<number, bigint>,
): BatchAggregate {
  const cells = new Map<string, DayCell>();
  const threshold = new Map(storedNextOffsets);
  let appliedEvents = 0;
  let skippedEvents = 0;

  for (const segment of segments) {
    const below = threshold.get(segment.partition) ?? -1n;
    // Events are in offset order from firstOffset: a segment wholly past the stored offset needs no per-event check.
    const checkEach = parseOffset(segment.firstOffset, 'segment firstOffset') < below;
    for (const event of segment.events) {
      if (checkEach && parseOffset(event.offset, 'event offset') < below) {
        skippedEvents += 1;
        continue;
      }
      if (isKpiName(event.type)) {
        throw new MetricsDbError('invalid_batch', `event type may not be a KPI name: ${event.type}`, false);
      }
      appliedEvents += 1;
      const projectId = event.projectId.toLowerCase();
      const cellKey = `${projectId} ${event.date}`;
      let cell = cells.get(cellKey);
      if (!cell) {
        cell = { projectId, date: event.date, metrics: new Map(), users: new Set(), sessions: new Set() };
        cells.set(cellKey, cell);
      }
      bump(cell.metrics, event.type);
      bump(cell.metrics, 'total_events');
      if (PAGEVIEW_TYPES.has(event.type)) bump(cell.metrics, 'total_pageviews');
      if (event.visitorKey !== null) cell.users.add(event.visitorKey);
      if (event.sessionKey !== null) cell.sessions.add(event.sessionKey);
    }
    const next = parseOffset(segment.nextOffset, 'segment nextOffset');
    if (next > below) threshold.set(segment.partition, next);
  }

  const counters: CounterDeltas = { projectIds: [], dates: [], metricNames: [], values: [] };
  const distinct: DistinctKeys = { projectIds: [], dates: [], kinds: [], keys: [] };
  const addKeys = (cell: DayCell, kind: number, keys: Set<bigint>): void => {
    for (const key of keys) {
      distinct.projectIds.push(cell.projectId);
      distinct.dates.push(cell.date);
      distinct.kinds.push(kind);
      distinct.keys.push(key.toString());
    }
  };
  for (const cell of cells.values()) {
    for (const [metricName, value] of cell.metrics) {
      counters.projectIds.push(cell.projectId);
      counters.dates.push(cell.date);
      counters.metricNames.push(metricName);
      counters.values.push(value);
    }
    addKeys(cell, DISTINCT_KINDS.user.kind, cell.users);
    addKeys(cell, DISTINCT_KINDS.session.kind, cell.sessions);
  }

  const nextOffsets = { partitions: [] as number[], offsets: [] as string[] };
  const partitions = [...new Set(segments.map((s) => s.partition))].sort((a, b) => a - b);
  for (const partition of partitions) {
    nextOffsets.partitions.push(partition);
    nextOffsets.offsets.push((threshold.get(partition) ?? -1n).toString());
  }
  return { appliedEvents, skippedEvents, counters, distinct, nextOffsets };
}
