import { z } from 'zod';
import {
  DEFAULT_MAX_EVENT_AGE_DAYS,
  defaultKeyRetentionDays,
  LOG_FORMATS,
  LOG_LEVELS,
  VISITOR_KEY_SECRET_MIN_LENGTH,
} from '@metrics-store/metrics-contract';
import { parseConfig } from '@metrics-store/runtime';
import { kafkaAccessRules, kafkaAccessSettings } from './kafka-access.schema';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

// docs/operations.md: exact names and defaults. The tuning knobs below it are this app's own.
const consumerConfigSchema = z
  .object({
    DATABASE_URL: z.string().url(),
    /** The secret of the visitor and session keys (docs/events.md): without it, a database copy names nobody. */
    VISITOR_KEY_SECRET: z
      .string({
        error: `is required: at least ${VISITOR_KEY_SECRET_MIN_LENGTH} characters (npm start makes one in .local/visitor-key-secret)`,
      })
      .min(VISITOR_KEY_SECRET_MIN_LENGTH, `must be at least ${VISITOR_KEY_SECRET_MIN_LENGTH} characters`),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
    KAFKA_BROKERS: z
      .string()
      .default('127.0.0.1:9092')
      .transform((value) =>
        value
          .split(',')
          .map((broker) => broker.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')).min(1, 'expected host:port,...'),
      ),
    KAFKA_CLIENT_ID: z.string().min(1).default('enriched-consumer'),
    KAFKA_GROUP_ID: z.string().min(1).default('metrics-enriched-consumer'),
    KAFKA_TOPIC: z.string().min(1).default('events.enriched'),
    KAFKA_DLQ_TOPIC: z.string().min(1).default('events.enriched.dlq'),
    MAX_EVENT_AGE_DAYS: positiveInt(DEFAULT_MAX_EVENT_AGE_DAYS),
    /** Minutes of Kafka record time within which a second copy of an event is a duplicate; 0 turns it off. */
    DEDUPE_WINDOW_MINUTES: z.coerce.number().int().min(0).max(1_440).default(10),
    /** Days after a date that its per-visitor and per-session state is kept; MAX_EVENT_AGE_DAYS + 1 unless set. */
    DISTINCT_KEY_RETENTION_DAYS: z.coerce.number().int().positive().optional(),
    MAX_EVENT_BYTES: positiveInt(65_536),
    /** Distinct event types a project may have on one local date; an event of one more is dead-lettered. */
    MAX_TYPES_PER_DAY: positiveInt(1_000),
    CONSUMER_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
    ...kafkaAccessSettings,
    /**
     * Records gathered (from every partition) before a flush starts; bounds memory (one set in flight, one
     * gathering) and transaction size. Large sets write each (project, day) row once for many events.
     */
    BATCH_MAX_EVENTS: positiveInt(30_000),
    /** Longest a record waits, in a fetch (the broker's fetch max wait) and then for its flush to start. */
    FLUSH_INTERVAL_MS: positiveInt(250),
    DB_POOL_SIZE: positiveInt(8),
    /** Partitions processed at once by one consumer process; one pool connection each (DB_POOL_SIZE). */
    KAFKA_PARTITIONS_CONCURRENTLY: positiveInt(8),
    /** How long a silent (e.g. killed) member keeps its partitions; Kafka accepts 6,000 and more by default. */
    KAFKA_SESSION_TIMEOUT_MS: positiveInt(30_000),
    /**
     * Pause between sketch merge rounds with nothing left behind: week, month and range distinct values trail
     * the counts by about this plus a round (the contract allows 5 s). A busy day's day, week and month
     * sketches are rewritten once a round, so a longer pause writes less WAL (docs/operations.md).
     */
    // A round rewrites the sketches of every project that got new visitors: 2 s halves that work against 1 s
    // and keeps week, month and range values within the 5 s of the contract (docs/operations.md).
    SKETCH_MERGE_INTERVAL_MS: z.coerce.number().int().min(100).max(4_000).default(2_000),
  })
  .check(kafkaAccessRules)
  .transform((config) => ({
    ...config,
    DISTINCT_KEY_RETENTION_DAYS:
      config.DISTINCT_KEY_RETENTION_DAYS ?? defaultKeyRetentionDays(config.MAX_EVENT_AGE_DAYS),
  }));

export type ConsumerConfig = z.infer<typeof consumerConfigSchema>;

/** Parses the environment once; throws a ConfigError naming every bad variable. */
export function loadConsumerConfig(env: NodeJS.ProcessEnv = process.env): ConsumerConfig {
  return parseConfig(consumerConfigSchema, env);
}
