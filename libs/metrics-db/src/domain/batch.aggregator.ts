import { isReservedName, PAGEVIEW_TYPES } from '@metrics-store/metrics-contract';
import { DISTINCT_KINDS } from './distinct-kinds.constants';
import { MetricsDbError } from '../pg/metrics-db.error';
import type { PartitionSegment } from '../metrics-store.types';
import type { SessionActivity } from './visit-deltas';

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

/** The events of one session in a batch. */
export interface SessionInBatch {
  projectId: string;
  sessionKey: bigint;
  activity: SessionActivity;
}

export interface BatchAggregate {
  appliedEvents: number;
  skippedEvents: number;
  /** Applied events of dates before `keysKeptFrom`: counted in the summed metrics only. */
  pastKeyRetention: number;
  counters: CounterDeltas;
  distinct: DistinctKeys;
  /** Every session with events in the batch (of dates kept), once. */
  sessions: SessionInBatch[];
  /** Highest next offset per partition of the batch, and the newest record time of its segments (-1: none). */
  nextOffsets: { partitions: number[]; offsets: string[]; newestRecordTimes: number[] };
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

/** Adds an event to its session's activity of the batch (sessions by project, then by key). */
function addToSession(
  sessions: Map<string, Map<bigint, SessionActivity>>,
  projectId: string,
  sessionKey: bigint,
  at: number,
  date: string,
  pageview: boolean,
): void {
  let ofProject = sessions.get(projectId);
  if (!ofProject) sessions.set(projectId, (ofProject = new Map()));
  const activity = ofProject.get(sessionKey);
  if (!activity) {
    ofProject.set(sessionKey, {
      firstAt: at,
      firstDate: date,
      lastAt: at,
      lastDate: date,
      events: 1,
      pageviews: pageview ? 1 : 0,
    });
    return;
  }
  if (at < activity.firstAt) {
    activity.firstAt = at;
    activity.firstDate = date;
  }
  if (at > activity.lastAt) {
    activity.lastAt = at;
    activity.lastDate = date;
  }
  activity.events += 1;
  if (pageview) activity.pageviews += 1;
}

/**
 * Turns the events of a batch into counter deltas, distinct keys and the activity of each session, leaving out
 * every event below its partition's stored next offset (already counted by an earlier transaction). An event
 * of a date before `keysKeptFrom` (past DISTINCT_KEY_RETENTION_DAYS) counts in the summed metrics only. Pure:
 * no I/O, no clock. A partition that appears in several segments is handled in order: a later segment only
 * counts what lies past the earlier ones.
 */
export function aggregateBatch(
  segments: readonly PartitionSegment[],
  storedNextOffsets: ReadonlyMap<number, bigint>,
  keysKeptFrom?: string,
): BatchAggregate {
  const cells = new Map<string, DayCell>();
  const sessions = new Map<string, Map<bigint, SessionActivity>>();
  const threshold = new Map(storedNextOffsets);
  let appliedEvents = 0;
  let skippedEvents = 0;
  let pastKeyRetention = 0;

  for (const segment of segments) {
    const below = threshold.get(segment.partition) ?? -1n;
    // Events are in offset order from firstOffset: a segment wholly past the stored offset needs no per-event check.
    const checkEach = parseOffset(segment.firstOffset, 'segment firstOffset') < below;
    for (const event of segment.events) {
      if (checkEach && parseOffset(event.offset, 'event offset') < below) {
        skippedEvents += 1;
        continue;
      }
      if (isReservedName(event.type)) {
        throw new MetricsDbError(
          'invalid_batch',
          `event type may not be a reserved name: ${event.type}`,
          false,
        );
      }
      appliedEvents += 1;
      const projectId = event.projectId.toLowerCase();
      const cellKey = `${projectId} ${event.date}`;
      let cell = cells.get(cellKey);
      if (!cell) {
        cell = { projectId, date: event.date, metrics: new Map(), users: new Set(), sessions: new Set() };
        cells.set(cellKey, cell);
      }
      const pageview = PAGEVIEW_TYPES.has(event.type);
      bump(cell.metrics, event.type);
      bump(cell.metrics, 'total_events');
      if (pageview) bump(cell.metrics, 'total_pageviews');
      if (keysKeptFrom !== undefined && event.date < keysKeptFrom) {
        pastKeyRetention += 1;
        continue;
      }
      if (event.visitorKey !== null) cell.users.add(event.visitorKey);
      if (event.sessionKey !== null) {
        cell.sessions.add(event.sessionKey);
        addToSession(sessions, projectId, event.sessionKey, event.instantMs, event.date, pageview);
      }
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

  const nextOffsets = {
    partitions: [] as number[],
    offsets: [] as string[],
    newestRecordTimes: [] as number[],
  };
  const newest = new Map<number, number>();
  for (const { partition, newestRecordTimeMs } of segments)
    if (newestRecordTimeMs !== undefined)
      newest.set(partition, Math.max(newest.get(partition) ?? -1, newestRecordTimeMs));
  const partitions = [...new Set(segments.map((s) => s.partition))].sort((a, b) => a - b);
  for (const partition of partitions) {
    nextOffsets.partitions.push(partition);
    nextOffsets.offsets.push((threshold.get(partition) ?? -1n).toString());
    nextOffsets.newestRecordTimes.push(newest.get(partition) ?? -1);
  }
  const inBatch: SessionInBatch[] = [];
  for (const [projectId, ofProject] of sessions)
    for (const [sessionKey, activity] of ofProject) inBatch.push({ projectId, sessionKey, activity });
  return {
    appliedEvents,
    skippedEvents,
    pastKeyRetention,
    counters,
    distinct,
    sessions: inBatch,
    nextOffsets,
  };
}
