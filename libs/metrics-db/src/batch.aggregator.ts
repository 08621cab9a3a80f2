import { DISTINCT_KINDS, KPI_METRICS, PAGEVIEW_TYPES } from './kpi-metrics.constants';
import { MetricsDbError } from './metrics-db.error';
import type { PartitionSegment } from './metrics-store.types';

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

const KPI_NAMES: ReadonlySet<string> = new Set(KPI_METRICS);

function parseOffset(value: string, what: string): bigint {
  try {
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  } catch {
    // fall through to the error below
  }
  throw new MetricsDbError('invalid_batch', `${what} is not an integer offset: ${String(value)}`, false);
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
  const counters: CounterDeltas = { projectIds: [], dates: [], metricNames: [], values: [] };
  const counterIndex = new Map<string, number>();
  const distinct: DistinctKeys = { projectIds: [], dates: [], kinds: [], keys: [] };
  const seenDistinct = new Set<string>();
  const threshold = new Map(storedNextOffsets);
  let appliedEvents = 0;
  let skippedEvents = 0;

  const addCounter = (projectId: string, date: string, metricName: string): void => {
    const id = `${projectId} ${date} ${metricName}`;
    const at = counterIndex.get(id);
    if (at !== undefined) {
      counters.values[at] += 1;
      return;
    }
    counterIndex.set(id, counters.values.length);
    counters.projectIds.push(projectId);
    counters.dates.push(date);
    counters.metricNames.push(metricName);
    counters.values.push(1);
  };

  const addDistinct = (projectId: string, date: string, kind: number, key: bigint): void => {
    const keyText = key.toString();
    const id = `${projectId} ${date} ${kind} ${keyText}`;
    if (seenDistinct.has(id)) return;
    seenDistinct.add(id);
    distinct.projectIds.push(projectId);
    distinct.dates.push(date);
    distinct.kinds.push(kind);
    distinct.keys.push(keyText);
  };

  for (const segment of segments) {
    const below = threshold.get(segment.partition) ?? -1n;
    for (const event of segment.events) {
      if (parseOffset(event.offset, 'event offset') < below) {
        skippedEvents += 1;
        continue;
      }
      if (KPI_NAMES.has(event.type)) {
        throw new MetricsDbError('invalid_batch', `event type may not be a KPI name: ${event.type}`, false);
      }
      const projectId = event.projectId.toLowerCase();
      appliedEvents += 1;
      addCounter(projectId, event.date, event.type);
      addCounter(projectId, event.date, 'total_events');
      if (PAGEVIEW_TYPES.has(event.type)) addCounter(projectId, event.date, 'total_pageviews');
      if (event.visitorKey !== null)
        addDistinct(projectId, event.date, DISTINCT_KINDS.user.kind, event.visitorKey);
      if (event.sessionKey !== null)
        addDistinct(projectId, event.date, DISTINCT_KINDS.session.kind, event.sessionKey);
    }
    const next = parseOffset(segment.nextOffset, 'segment nextOffset');
    if (next > below) threshold.set(segment.partition, next);
  }

  const nextOffsets = { partitions: [] as number[], offsets: [] as string[] };
  const partitions = [...new Set(segments.map((s) => s.partition))].sort((a, b) => a - b);
  for (const partition of partitions) {
    nextOffsets.partitions.push(partition);
    nextOffsets.offsets.push((threshold.get(partition) ?? -1n).toString());
  }
  return { appliedEvents, skippedEvents, counters, distinct, nextOffsets };
}
