import type { ExpectedOutcome } from '../traffic/traffic.generator';
import { SEQ_HEADER } from './drill.producer';
import { GroundTruth } from './ground-truth';
import { readTopic } from './topic.reader';

export interface GroundTruthRead {
  truth: GroundTruth;
  kafkaRecords: number;
  /** Valid records that are copies of an event within the duplicate window: not counted. */
  eventDuplicates: number;
  /** Records Kafka holds twice because a send was retried after it had in fact landed. */
  producerDuplicates: number;
  /** Generated records acknowledged by Kafka but not found in the topic. */
  lostRecords: number;
}

/**
 * Builds the ground truth per Kafka record: each record's sequence header points to the outcome the generator
 * declared for it, and its partition and offset are where its dead letter, if any, must point back to. A valid
 * record that repeats the (project, event id) of a valid record earlier on its partition, whose Kafka timestamp
 * is at most `dedupeWindowMs` before the newest of the partition so far, is a duplicate: not counted
 * (docs/events.md#duplicates), worked out here on its own from the records read back.
 */
export async function buildGroundTruth(
  brokers: string,
  topic: string,
  outcomes: readonly ExpectedOutcome[],
  timezones: ReadonlyMap<string, string>,
  dedupeWindowMs: number,
): Promise<GroundTruthRead> {
  const truth = new GroundTruth(timezones);
  const seen = new Uint8Array(outcomes.length);
  let producerDuplicates = 0;
  let eventDuplicates = 0;
  // Per partition: its newest timestamp so far, and the latest timestamp of each (project, event id).
  const windows = new Map<number, { newest: number; latest: Map<string, number> }>();
  const kafkaRecords = await readTopic(brokers, topic, (partition, message) => {
    const seq = Number(message.headers?.[SEQ_HEADER]?.toString());
    const outcome = outcomes[seq];
    if (!outcome) throw new Error(`A record at ${partition}:${message.offset} has no known ${SEQ_HEADER}`);
    if (seen[seq]) producerDuplicates += 1;
    seen[seq] = 1;
    const window = windows.get(partition) ?? { newest: -Infinity, latest: new Map<string, number>() };
    windows.set(partition, window);
    const time = Number(message.timestamp);
    window.newest = Math.max(window.newest, time);
    if (outcome.valid && dedupeWindowMs > 0) {
      const key = `${outcome.projectId}|${outcome.eventId.toLowerCase()}`;
      const latest = window.latest.get(key);
      window.latest.set(key, Math.max(latest ?? -Infinity, time));
      if (latest !== undefined && latest >= window.newest - dedupeWindowMs) {
        eventDuplicates += 1;
        return;
      }
    }
    // Copies: a message's buffers are views into the whole fetch response.
    const copy = (buffer: Buffer | null) => (buffer ? Buffer.from(buffer) : null);
    truth.add(
      outcome,
      partition,
      message.offset,
      outcome.valid ? null : copy(message.key),
      outcome.valid ? null : copy(message.value),
    );
  });
  const lostRecords = seen.reduce((lost, flag) => lost + (flag ? 0 : 1), 0);
  return { truth, kafkaRecords, eventDuplicates, producerDuplicates, lostRecords };
}
