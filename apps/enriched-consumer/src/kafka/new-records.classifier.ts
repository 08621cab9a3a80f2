import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '@metrics-store/runtime';
import { deadLetterOf, type DeadLetter } from '../events/dead-letter';
import {
  classifyCutValue,
  classifyRecord,
  type ClassifierContext,
  type ValidatedEvent,
} from '../events/record.classifier';
import type { DuplicateFilter } from '../dedupe/duplicate.filter';
import { eventKeyOf } from '../dedupe/event-key';
import { truncationOf } from './codecs/record-truncation';

/** One partition's records of a kafkajs batch; those from `start` on are new (at or past its accepted position). */
export interface NewRecords {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
  start: number;
}

export interface ClassifiedRecords {
  validated: ValidatedEvent[];
  deadLetters: DeadLetter[];
  /** Valid events left out as duplicates of one earlier in the partition's window (docs/events.md#duplicates). */
  duplicates: number;
}

export interface ClassifyingDeps {
  classifier: ClassifierContext;
  duplicates: DuplicateFilter;
  logger: Logger;
}

/**
 * The new records in order: valid events, dead letters, and the valid events that are duplicates (not
 * counted). Records of a batch that inflated past its limit may arrive cut short (kafka/codecs).
 */
export function classifyNewRecords(records: NewRecords, deps: ClassifyingDeps): ClassifiedRecords {
  const now = Date.now();
  const { classifier, duplicates: filter, logger } = deps;
  const { limits } = classifier;
  const { messages, partition } = records;
  const validated: ValidatedEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  let duplicates = 0;
  for (let i = records.start; i < messages.length; i += 1) {
    const message = messages[i];
    const cut = truncationOf(message);
    const result =
      cut?.valueBytes === undefined
        ? classifyRecord(message.value, now, classifier, message.offset)
        : classifyCutValue(cut.valueBytes, limits);
    const key = filter.enabled && result.ok ? eventKeyOf(result.event.projectId, result.event.eventId) : null;
    if (filter.enabled && filter.isDuplicate(partition, key, Number(message.timestamp)) && result.ok) {
      duplicates += 1;
      logger.debug(
        {
          partition,
          offset: message.offset,
          project_id: result.event.projectId,
          event_id: result.event.eventId,
        },
        'duplicate_event',
      );
    } else if (result.ok) validated.push(result.event);
    else deadLetters.push(deadLetterOf(result.deadLetter, message, partition, limits.maxEventBytes, cut));
  }
  return { validated, deadLetters, duplicates };
}
