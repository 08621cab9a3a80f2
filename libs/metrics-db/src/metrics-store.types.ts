import type { Granularity } from '@metrics-store/metrics-contract';

/**
 * The public face of libs/metrics-db: domain operations only. Business code never sees TypeORM, a
 * Repository or SQL. Every read and write names the project it is about.
 */

/** One valid event, reduced to what is counted. Produced by the consumer's pure mapping. */
export interface CountedEvent {
  /** Kafka offset (int64) as a decimal string. */
  offset: string;
  /** Lower-case UUID. */
  projectId: string;
  /** The project-local calendar date, YYYY-MM-DD. */
  date: string;
  /** The event's `type`; `total_events`, `total_pageviews` and the distinct metrics are derived from it. */
  type: string;
  /** The event's `timestamp`, epoch ms: the start and end of its session. */
  instantMs: number;
  /** 64-bit hash (signed, as PostgreSQL BIGINT) of user_id, else anonymous_id; null when neither is set. */
  visitorKey: bigint | null;
  /** 64-bit hash of session_id; null when it is not set. Its events make a session (visit metrics). */
  sessionKey: bigint | null;
}

/** The records of one partition that a flush covers: valid events, plus the offset after the last record. */
export interface PartitionSegment {
  partition: number;
  /** Offset of the first record of the segment (valid or dead-lettered). */
  firstOffset: string;
  /** Offset after the last record of the segment; stored as the partition's next offset. */
  nextOffset: string;
  /** The valid events of the segment, in offset order. Dead-lettered records are simply absent. */
  events: CountedEvent[];
  /** The newest Kafka timestamp (epoch ms) of its records, stored with the partition's offset; unset: none. */
  newestRecordTimeMs?: number;
}

export interface MetricsBatch {
  groupId: string;
  topic: string;
  segments: PartitionSegment[];
  /**
   * Per partition, the stored next offset the batch continues from (what the writer last loaded or
   * committed), null for a partition never flushed. When given, applyBatch refuses the whole batch with
   * PositionsOutOfDateError (`positions_out_of_date`) unless every one equals the stored offset it locks.
   */
  expectedOffsets?: ReadonlyMap<number, string | null>;
  /**
   * The first date (YYYY-MM-DD) whose per-visitor and per-session state is kept (DISTINCT_KEY_RETENTION_DAYS):
   * events of earlier dates count in the summed metrics only. Unset: every date.
   */
  keysKeptFrom?: string;
}

export interface ApplyResult {
  /** Valid events counted by this call. */
  appliedEvents: number;
  /** Valid events below a partition's stored next offset, already counted by an earlier transaction. */
  skippedEvents: number;
  /** daily_metrics rows inserted or updated. */
  rowsTouched: number;
  /** Distinct keys (visitors, sessions) that were new for their day. */
  newDistinctKeys: number;
  /** Counted events of dates past DISTINCT_KEY_RETENTION_DAYS: in the summed metrics only. */
  pastKeyRetention: number;
}

/** Where a partition stands in PostgreSQL: the next offset to count and the newest record time passed over. */
export interface StoredPosition {
  nextOffset: string;
  newestRecordTimeMs: number | null;
}

/** One row of the stored offsets, as operators see it (`npm run offsets -- show`). */
export interface StoredOffset {
  groupId: string;
  topic: string;
  partition: number;
  /** The next offset to count; null while the partition never committed a batch. */
  nextOffset: string | null;
  updatedAt: Date;
}

export interface StoredOffsetsFilter {
  groupId?: string;
  topic?: string;
}

/** `V` is `number` for a counted metric; a derived ratio is `null` where its bucket or range has no visits. */
export interface SeriesPoint<V extends number | null = number | null> {
  /** First date of the bucket inside [from, to], YYYY-MM-DD. */
  start: string;
  value: V;
}

export interface MetricSeries<V extends number | null = number | null> {
  total: V;
  /**
   * false when any of its values is an estimate: a week, month or range of `unique_users` or `sessions` read
   * from the sketches with more distinct values than they count exactly. Summed and derived metrics are
   * always exact.
   */
  exact: boolean;
  series: SeriesPoint<V>[];
}

/** A counted metric (summed or distinct): every value an integer. */
export type CountSeries = MetricSeries<number>;

/** The metric names with data in a range (`listMetricNames`). */
export interface MetricNameList {
  /** Sorted, at most MAX_LISTED_METRIC_NAMES: the first ones in order. */
  names: string[];
  /** true when the range has more names than `names` holds. */
  truncated: boolean;
}

export interface SeriesQuery {
  projectId: string;
  /** Inclusive, project-local, YYYY-MM-DD. */
  from: string;
  to: string;
  metrics: string[];
  granularity: Granularity;
}

export interface ProjectSettings {
  projectId: string;
  timezone: string;
  /** null while the project has never been configured (defaults apply). */
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ApiKeySummary {
  id: string;
  projectId: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** `mk_` + random; returned once, only its hash is stored. */
  key: string;
}

export interface VerifiedApiKey {
  keyId: string;
  projectId: string;
}

/** The connection pool right now, for monitoring (docs/operations.md). */
export interface PoolStats {
  /** Open connections, idle or in use. */
  total: number;
  idle: number;
  /** Operations waiting for a connection: all are in use and the pool is at its size. */
  waiting: number;
  /** The pool's size (most connections it opens). */
  max: number;
}

/** One key as a directory of live keys needs it: no name, no secret. */
export interface ApiKeyState extends VerifiedApiKey {
  /** What apiKeyHash gives for the key. */
  keyHash: string;
  /** false once revoked. */
  live: boolean;
}

export interface ApiKeyChanges {
  /** The server's clock when it read them: the next read of changes can start from it (minus a margin). */
  asOf: Date;
  keys: ApiKeyState[];
  /** The hashes of keys removed since then with their project (eraseProject); none in a read of every key. */
  erasedKeyHashes: string[];
}

/** What eraseProject removed: the number of rows per table, every table that holds rows of a project. */
export interface ProjectErasure {
  projectId: string;
  removed: Record<string, number>;
}

export interface EraseProjectOptions {
  /**
   * Runs after the rows of each table are removed (in the order of the erase, the commit after the last):
   * lets a test run a flush exactly there. Not for production code.
   */
  afterTable?: (table: string) => Promise<void>;
}

/** One round of the sketch merger (docs/distinct-sketches.md: sketches fresh within 5 seconds). */
export interface SketchMergeOptions {
  /** Most keys the round adds to sketches (it may pass it by one flush's keys); default 262,144. */
  maxKeys?: number;
  /**
   * Runs after each read of deltas, before anything is written: lets a test commit a flush or fail the chunk
   * exactly there. Not for production code.
   */
  afterRead?: () => Promise<void>;
}

export type SketchMergeResult =
  | { status: 'busy' }
  | {
      status: 'merged';
      /** distinct_sketch_deltas rows merged (and deleted). */
      deltas: number;
      /** Keys added to their day, week and month sketches. */
      keys: number;
      /** Sketch rows whose bytes changed. */
      sketchesWritten: number;
      /** The round stopped at maxKeys: more deltas are probably waiting. */
      more: boolean;
    };

/** The keys flushes added that are not in their sketches yet. */
export interface SketchBacklog {
  /** distinct_sketch_deltas rows (one per flush and project). */
  deltas: number;
  keys: number;
  /** Seconds since the flush of the oldest waiting key began, by the database's clock; 0 without any. */
  oldestAgeSeconds: number;
}

export interface SketchRebuildOptions {
  /** Only this project's sketches (the rebuild command's `--project`). */
  projectId?: string;
  /**
   * Days before this date (YYYY-MM-DD) keep their sketches as they are: their keys may be past
   * DISTINCT_KEY_RETENTION_DAYS, removed or being removed. Unset: every day with keys is rebuilt.
   */
  keysKeptFrom?: string;
  /** After each batch of days, and of weeks and months. */
  onProgress?: (progress: SketchRebuildProgress) => void;
}

export interface SketchRebuildResult {
  /** Days whose sketches were rebuilt from their keys. */
  days: number;
  /** Weeks and months recomputed from their day sketches. */
  periods: number;
  /** Sketch rows whose bytes changed. */
  sketchesWritten: number;
}

/** What a rebuild has done so far. */
export type SketchRebuildProgress = SketchRebuildResult;

/** An event type of a project-day that a flush may be about to add. */
export interface DayTypesQuery {
  projectId: string;
  /** YYYY-MM-DD. */
  date: string;
  type: string;
}

/** What a project-day holds of event types (MAX_TYPES_PER_DAY). */
export interface DayTypes {
  projectId: string;
  date: string;
  /** The types asked about that it holds already. */
  storedTypes: string[];
  /** Its distinct event types, all of them (reserved names left out). */
  typeCount: number;
}

/** One step of removing visitor state past DISTINCT_KEY_RETENTION_DAYS. */
export interface RetentionStep {
  /** The first date kept (YYYY-MM-DD): keys and sessions of earlier dates go. */
  before: string;
  /** Most rows one step removes (sessions, or keys of one project-day); default 5,000. */
  maxRows?: number;
  /** Where the previous step of this run stopped (its `after`); undefined on the first. */
  after?: { projectId: string; date: string };
}

export type RetentionStepResult =
  | { status: 'busy' }
  | { status: 'done'; sessionsRemoved: number; keysRemoved: number }
  | {
      status: 'more';
      sessionsRemoved: number;
      keysRemoved: number;
      /** Pass on to the next step. */
      after: { projectId: string; date: string } | undefined;
    };

export interface MetricsStore {
  /** Counts a batch exactly once per Kafka record: one transaction, offsets stored with the counts. */
  applyBatch(batch: MetricsBatch): Promise<ApplyResult>;
  /** Stored next offsets of the given partitions; partitions never flushed are absent. */
  readOffsets(groupId: string, topic: string, partitions: number[]): Promise<Map<number, string>>;
  /** readOffsets with the newest record time stored beside each offset (null where none was stored). */
  readPositions(groupId: string, topic: string, partitions: number[]): Promise<Map<number, StoredPosition>>;
  /** Every stored offset row (of one group and topic with the filter), by group, topic and partition. */
  listStoredOffsets(filter?: StoredOffsetsFilter): Promise<StoredOffset[]>;
  /**
   * An operator's explicit reset: sets the stored next offsets of these partitions (rows created as needed).
   * A running consumer notices (its next flush is refused as out of date) and continues from them.
   */
  resetStoredOffsets(
    groupId: string,
    topic: string,
    offsets: { partition: number; nextOffset: string }[],
  ): Promise<void>;

  /**
   * The series of each metric asked for, in that order: counted metrics, and the ratios of DERIVED_METRICS
   * computed from their inputs, which are read once whoever asks for them.
   */
  readSeries(query: SeriesQuery): Promise<Record<string, MetricSeries>>;
  /** The names with data in the range, the derived ones included where their inputs have data. */
  listMetricNames(projectId: string, from: string, to: string): Promise<MetricNameList>;

  getProjectSettings(projectId: string): Promise<ProjectSettings>;
  /** Zone time zones of several projects at once (UTC for those never configured). */
  getProjectTimezones(projectIds: string[]): Promise<Map<string, string>>;
  /** Throws MetricsDbError `invalid_timezone` for a zone that is not a valid IANA name. */
  setProjectTimezone(projectId: string, timezone: string): Promise<ProjectSettings>;

  createApiKey(projectId: string, name: string): Promise<CreatedApiKey>;
  listApiKeys(projectId: string): Promise<ApiKeySummary[]>;
  /** false when the project has no such key. Revoking twice is fine. */
  revokeApiKey(projectId: string, keyId: string): Promise<boolean>;
  /** The project of a live key, or null for an unknown or revoked one. */
  verifyApiKey(key: string): Promise<VerifiedApiKey | null>;
  /**
   * Without `since`, every live key; with it, every key created or revoked from `since` on (a change counts
   * from its transaction's start, so a reader of changes goes back a margin to see the ones that committed late).
   */
  readApiKeyChanges(since: Date | null): Promise<ApiKeyChanges>;

  /**
   * Removes every stored row of the project (counters, distinct keys, sketches, settings, API keys) in one
   * transaction. A flush of the project is erased whole or not at all: one that commits after the erase's
   * snapshot keeps its rows, its events counted anew. Waits while flushes in flight hold the project's rows
   * (at most 30 s, then the retriable MetricsDbError `project_busy`, nothing erased); pauses the sketch
   * merger meanwhile. Erasing a project without rows removes nothing and succeeds.
   */
  eraseProject(projectId: string, options?: EraseProjectOptions): Promise<ProjectErasure>;

  /**
   * Adds the keys flushes added to their day, week and month sketches (one writer of sketches at a time
   * across all processes: `busy`, without work, while another one runs). Safe at any time, as often as wanted.
   */
  mergeSketches(options?: SketchMergeOptions): Promise<SketchMergeResult>;
  /** The keys waiting to be merged. */
  sketchBacklog(): Promise<SketchBacklog>;
  /**
   * Rebuilds the sketches from the per-day keys (the rebuild command), idempotently, while consumers run; a
   * bounded number of keys in memory whatever a day holds.
   */
  rebuildSketches(options?: SketchRebuildOptions): Promise<SketchRebuildResult>;

  /**
   * One bounded step of removing the visitor keys and session state of dates before `before` (their counters
   * and sketches stay): one process at a time across all (`busy` otherwise). Call again while it says `more`.
   */
  removeExpiredVisitorState(step: RetentionStep): Promise<RetentionStepResult>;

  /** For the cap of event types per project-day: which of these types the days hold, and how many in all. */
  readDayTypes(query: DayTypesQuery[]): Promise<DayTypes[]>;

  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** The pool's connections and waiting operations; reads counters only, never the database. */
  poolStats(): PoolStats;
  /** Closes the pool. Idempotent. */
  close(): Promise<void>;
}

export interface MetricsStoreOptions {
  databaseUrl: string;
  /** Pool size; default 10. */
  poolSize?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
  /**
   * How long an operation waits for a pooled connection (or for a new one to connect) before failing with a
   * retriable error; default 5 s.
   */
  connectionTimeoutMillis?: number;
  /**
   * The server's `statement_timeout` on every pooled connection, in ms; a statement over it fails with the
   * retriable `query_canceled`. Unset: the server's default (none, out of the box).
   */
  statementTimeoutMs?: number;
}
