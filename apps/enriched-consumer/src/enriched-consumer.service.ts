import { Kafka, logLevel, type Admin, type Consumer, type KafkaConfig, type Producer } from 'kafkajs';
import { createMetricsStore, type MetricsStore } from '@metrics-store/metrics-db';
import { startOpsServer, type Logger, type OpsServer } from '@metrics-store/runtime';
import type { ConsumerConfig } from './consumer.config';
import { createConsumerMetrics, type ConsumerMetrics } from './consumer.metrics';
import { LocalDateResolver } from './events/local-date.resolver';
import { TimezoneCache } from './events/timezone.cache';
import { UnknownTimeZones } from './events/unknown-time-zones';
import { VisitorKeyHasher } from './events/visitor-key.hasher';
import { DuplicateFilter } from './dedupe/duplicate.filter';
import { registerDuplicateWindowGauges } from './dedupe/duplicate-window.metrics';
import { retryWithBackoff } from './failures/backoff.retry';
import { DayTypesCap } from './flush/day-types.cap';
import { FlushScheduler } from './flush/flush.scheduler';
import { isTransientError } from './failures/transient-error';
import { VisitorStateRetentionLoop } from './retention/visitor-state-retention.loop';
import { SketchMergeLoop } from './sketches/sketch-merge.loop';
import { MAX_INFLATED_BATCH_BYTES, registerKafkaCodecs } from './kafka/codecs/kafka-codecs';
import { DeadLetterPartitioner } from './kafka/dead-letter.partitioner';
import { DeadLetterPublisher } from './kafka/dead-letter.publisher';
import { checkDeadLetterTopic } from './kafka/dead-letter-topic.check';
import { explainKafkaFailure } from './failures/kafka-access.error';
import { kafkaClientOptions } from './kafka/kafka-client.options';
import { probeKafkaConnection } from './kafka/kafka-connection.probe';
import { kafkaLogCreator } from './kafka/kafka-log.bridge';
import { PartitionBatchProcessor } from './kafka/partition-batch.processor';
import { isConsumerReady } from './kafka/consumer.readiness';
import { PartitionPositions } from './kafka/partition.positions';
import { recordCountingFlow } from './record-counting.flow';

export interface ConsumerDeps {
  logger: Logger;
  /** A failure retrying cannot fix; main logs it and exits non-zero so that a supervisor restarts it. */
  onFatal: (error: unknown) => void;
}

export interface RunningConsumer {
  /** The port of /healthz, /readyz and /metrics (useful with CONSUMER_HTTP_PORT=0). */
  opsPort: number;
  isReady(): Promise<boolean>;
  /** Stops fetching, lets the in-flight flush finish or be abandoned, disconnects, closes the pool. Idempotent. */
  stop(): Promise<void>;
}

const TIMEZONE_TTL_MS = 10_000;

/** The parts of one consumer process, and the two flags they share. */
interface ConsumerParts {
  topic: string;
  logger: Logger;
  metrics: ConsumerMetrics;
  store: MetricsStore;
  kafkaConfig: KafkaConfig;
  consumer: Consumer;
  producer: Producer;
  admin: Admin;
  positions: PartitionPositions;
  scheduler: FlushScheduler;
  processor: PartitionBatchProcessor;
  sketches: SketchMergeLoop;
  retention: VisitorStateRetentionLoop;
  /** `running` turns false once, on stop; `joined` follows the group membership. */
  state: { running: boolean; joined: boolean };
  /** Retries `work` while what it needs is away, for as long as the consumer runs. */
  waitFor<T>(what: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Starts the enriched-events consumer: Kafka in, daily_metrics out, ops endpoints beside it. This file builds
 * and wires the parts; what happens to a batch's records is record-counting.flow.ts.
 */
export async function startConsumer(config: ConsumerConfig, deps: ConsumerDeps): Promise<RunningConsumer> {
  const parts = await buildConsumer(config, deps);
  wireConsumer(parts, config, deps.onFatal);
  parts.sketches.start();
  parts.retention.start();
  const { consumer, logger, state, store, topic } = parts;
  // Ready once in the group, while flushes make progress, no partition is held beyond its log end and the
  // database answers (ping failures count as not ready).
  const isReady = async () =>
    isConsumerReady({
      joined: state.joined,
      running: state.running,
      flushStalled: parts.scheduler.isStalled(),
      partitionsBeyondLogEnd: parts.positions.beyondLogEnd.size,
    }) && (await store.ping().then(() => true));
  const ops = await startOpsServer({
    port: config.CONSUMER_HTTP_PORT,
    registry: parts.metrics.registry,
    isReady,
  });
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= stopConsumer(parts, ops));

  try {
    await parts.waitFor('kafka', async () => {
      // One attempt without kafkajs's retries first: a refused password or certificate is fatal at once.
      await probeKafkaConnection(parts.kafkaConfig);
      await Promise.all([parts.producer.connect(), parts.admin.connect(), consumer.connect()]);
    });
    await checkDeadLetterTopic(parts.admin, { source: topic, dlq: config.KAFKA_DLQ_TOPIC }, logger);
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: parts.processor.handle,
      eachBatchAutoResolve: false,
      autoCommit: false,
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY,
    });
  } catch (error) {
    await stop();
    throw explainKafkaFailure(error, config);
  }
  logger.info({ topic, group_id: config.KAFKA_GROUP_ID, ops_port: ops.port }, 'consumer_started');
  return { opsPort: ops.port, isReady, stop };
}

/** Opens the store (waiting for the database) and makes the Kafka clients and the parts that use them. */
async function buildConsumer(config: ConsumerConfig, deps: ConsumerDeps): Promise<ConsumerParts> {
  const logger = deps.logger.child({ module: 'consumer' });
  const topic = config.KAFKA_TOPIC;
  const state = { running: true, joined: false };
  const isRunning = () => state.running;
  // Started before its dependencies are up (a fresh deploy, an outage): wait for them instead of crash-looping.
  const waitFor = <T>(what: string, work: () => Promise<T>) =>
    retryWithBackoff(work, {
      isActive: isRunning,
      isRetriable: isTransientError,
      maxDelayMs: 10_000,
      onRetry: (error, attempt, delayMs) =>
        logger.warn({ err: error, attempt, delay_ms: delayMs, topic }, `${what}_unavailable`),
    });
  const store = await waitFor('database', () =>
    createMetricsStore({
      databaseUrl: config.DATABASE_URL,
      poolSize: config.DB_POOL_SIZE,
      applicationName: config.KAFKA_CLIENT_ID,
    }),
  );
  const kafkaConfig: KafkaConfig = {
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    ...kafkaClientOptions(config),
    logLevel: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? logLevel.INFO : logLevel.WARN,
    logCreator: kafkaLogCreator(deps.logger),
    // After its own retries kafkajs restarts the consumer instead of dying: outages are waited out.
    retry: { retries: 8, restartOnFailure: async (error) => isTransientError(error) },
  };
  // Producers may compress with any of Kafka's codecs (contract section 1).
  registerKafkaCodecs({ maxBatchBytes: MAX_INFLATED_BATCH_BYTES, maxFieldBytes: config.MAX_EVENT_BYTES });
  const kafka = new Kafka(kafkaConfig);
  const consumer = kafka.consumer({
    groupId: config.KAFKA_GROUP_ID,
    // The broker answers once it has minBytes or the flush interval has passed: batches stay large under
    // load, and no record waits longer than FLUSH_INTERVAL_MS at low load.
    maxWaitTimeInMs: config.FLUSH_INTERVAL_MS,
    minBytes: 64 * 1024,
    // Bounds the records in memory at once (with the heap cap in project.json, RSS stays under 300 MB). Large
    // flushes come from gathering several fetches, so a fetch can stay small: its decoded records are what
    // every young-generation GC has to copy.
    maxBytesPerPartition: 2 * 1024 * 1024,
    maxBytes: 4 * 1024 * 1024,
    sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: Math.min(3_000, Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 3)),
  });
  // Dead letters carry no ordering promise: kafkajs's default partitioner, with a hash that takes linear time
  // in the key's length (dead-letter.partitioner.ts).
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: DeadLetterPartitioner,
  });
  const admin = kafka.admin();
  const metrics = createConsumerMetrics();

  const duplicates = new DuplicateFilter(config.DEDUPE_WINDOW_MINUTES * 60_000);
  registerDuplicateWindowGauges(metrics.registry, duplicates);
  const positions = new PartitionPositions({
    duplicates,
    store,
    admin,
    consumer,
    registry: metrics.registry,
    groupId: config.KAFKA_GROUP_ID,
    topic,
    logger,
    isRunning,
  });
  const typeCap = new DayTypesCap(config.MAX_TYPES_PER_DAY, store);
  const classifier = {
    limits: { maxEventBytes: config.MAX_EVENT_BYTES, maxEventAgeDays: config.MAX_EVENT_AGE_DAYS },
    keys: new VisitorKeyHasher(config.VISITOR_KEY_SECRET),
  };
  const scheduler = new FlushScheduler({
    typeCap,
    store,
    positions,
    deadLetters: new DeadLetterPublisher(
      producer,
      config.KAFKA_DLQ_TOPIC,
      topic,
      logger,
      config.MAX_EVENT_BYTES,
    ),
    metrics,
    logger,
    groupId: config.KAFKA_GROUP_ID,
    topic,
    maxRecords: config.BATCH_MAX_EVENTS,
    lingerMs: config.FLUSH_INTERVAL_MS,
    keyRetentionDays: config.DISTINCT_KEY_RETENTION_DAYS,
    isRunning,
    commitOffsets: (offsets) => consumer.commitOffsets(offsets.map((offset) => ({ topic, ...offset }))),
    onFatal: deps.onFatal,
  });
  const processor = new PartitionBatchProcessor({
    positions,
    scheduler,
    duplicates,
    limits: classifier.limits,
    countRecords: recordCountingFlow({
      classifier,
      duplicates,
      timezones: new TimezoneCache(store, new UnknownTimeZones(logger, metrics.registry), TIMEZONE_TTL_MS),
      dates: new LocalDateResolver(),
      typeCap,
      scheduler,
      logger,
    }),
    logger,
    onFatal: deps.onFatal,
  });
  return {
    topic,
    logger,
    metrics,
    store,
    kafkaConfig,
    consumer,
    producer,
    admin,
    positions,
    scheduler,
    processor,
    sketches: new SketchMergeLoop({
      store,
      logger: deps.logger,
      registry: metrics.registry,
      intervalMs: config.SKETCH_MERGE_INTERVAL_MS,
    }),
    retention: new VisitorStateRetentionLoop({
      store,
      logger: deps.logger,
      registry: metrics.registry,
      retentionDays: config.DISTINCT_KEY_RETENTION_DAYS,
    }),
    state,
    waitFor,
  };
}

/** Follows the group: every assignment restarts its partitions from their stored offsets. */
function wireConsumer(parts: ConsumerParts, config: ConsumerConfig, onFatal: (error: unknown) => void): void {
  const { consumer, logger, positions, scheduler, state, topic } = parts;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    state.joined = true;
    const partitions = payload.memberAssignment[topic] ?? [];
    logger.info({ topic, partitions, member_id: payload.memberId }, 'partitions_assigned');
    // What was gathered but not flushed is fetched again.
    scheduler.discardGathered();
    positions.onAssignment(partitions);
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    state.joined = false;
    // A restart follows a retriable error (a broker warming up, an outage): a warning, no stack to read.
    const error = `${payload.error.name}: ${payload.error.message}`;
    if (payload.restart) logger.warn({ error, topic }, 'consumer_restarting');
    else if (state.running) onFatal(explainKafkaFailure(payload.error, config));
  });
  consumer.on(consumer.events.STOP, () => (state.joined = false));
}

/**
 * No record is accepted any more; the flush in flight and what was gathered are counted while the partitions
 * are still this member's. Then disconnect() waits for the batch kafkajs is in, whose retry loops give up once
 * `running` is false, and leaves the group; the producer, the admin client, the pool and the ops server close.
 */
async function stopConsumer(parts: ConsumerParts, ops: OpsServer): Promise<void> {
  const { consumer, logger, scheduler, topic } = parts;
  parts.state.running = false;
  parts.positions.beyondLogEnd.close();
  await scheduler.finish();
  await consumer
    .disconnect()
    .catch((error: unknown) => logger.warn({ err: error }, 'consumer_disconnect_failed'));
  await scheduler.idle();
  await Promise.allSettled([
    parts.producer.disconnect(),
    parts.admin.disconnect(),
    parts.sketches.stop(),
    parts.retention.stop(),
  ]);
  await parts.store.close();
  await ops.close();
  logger.info({ topic }, 'consumer_stopped');
}
