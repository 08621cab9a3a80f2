import type { Logger } from '@metrics-store/runtime';
import { dateEvents } from './events/dated-events.mapper';
import type { LocalDateResolver } from './events/local-date.resolver';
import type { TimezoneCache } from './events/timezone.cache';
import { retryWithBackoff } from './failures/backoff.retry';
import { isTransientError } from './failures/transient-error';
import type { DayTypesCap } from './flush/day-types.cap';
import type { FlushScheduler } from './flush/flush.scheduler';
import { selectTypeCandidates } from './flush/type-candidates';
import { classifyNewRecords, type ClassifyingDeps } from './kafka/new-records.classifier';
import type { CountRecords } from './kafka/partition-batch.processor';

export interface CountingSteps extends ClassifyingDeps {
  timezones: Pick<TimezoneCache, 'zonesOf'>;
  dates: LocalDateResolver;
  /** MAX_TYPES_PER_DAY: which events' types may be new for their day (decided at the flush). */
  typeCap: Pick<DayTypesCap, 'isCandidate'>;
  scheduler: Pick<FlushScheduler, 'add'>;
  logger: Logger;
}

/**
 * The consumer's flow, from one partition's new records in a Kafka batch to counts in PostgreSQL. Each step
 * takes what the one before returns. kafka/partition-batch.processor.ts calls it with the records at or past
 * the partition's accepted position, after the Kafka mechanics (gaps, records already counted).
 */
export function recordCountingFlow(steps: CountingSteps): CountRecords {
  return async (records, batch) => {
    // 1. Classify: each record is a valid event, a dead letter, or a duplicate of one in the partition's window.
    const { validated, deadLetters, duplicates } = classifyNewRecords(records, steps);
    // 2. Zones: the projects' time zones (cached), waited for while the database is away.
    const zones = await retryWithBackoff(() => steps.timezones.zonesOf(validated.map((e) => e.projectId)), {
      isActive: batch.isActive,
      isRetriable: isTransientError,
      onRetry: async (error, attempt, delayMs) => {
        const { topic, partition } = records;
        steps.logger.warn(
          { err: error, topic, partition, attempt, delay_ms: delayMs },
          'timezones_load_failed',
        );
        await batch.heartbeat();
      },
    });
    // 3. Local dates: each event on its date in its project's zone.
    const events = dateEvents(validated, zones, steps.dates);
    // 4. Accept: the partition's position moves past the records, unless a seek made them stale.
    const accepted = batch.accept();
    if (!accepted) return;
    // 5. Gather: the scheduler adds them to the next flush, which writes the dead letters, counts the events
    //    with the partition's next offset in one transaction, and then confirms the partition's position.
    const { caughtUp, ...range } = accepted;
    const { partition, messages, start } = records;
    const { maxEventBytes } = steps.classifier.limits;
    await steps.scheduler.add(
      {
        partition,
        ...range,
        events,
        deadLetters,
        duplicates,
        typeCandidates: selectTypeCandidates(
          events,
          messages,
          start,
          steps.typeCap,
          partition,
          maxEventBytes,
        ),
      },
      caughtUp,
      batch.heartbeat,
    );
  };
}
