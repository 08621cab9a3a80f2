import type { CountedEvent } from '@metrics-store/metrics-db';
import type { DeadLetter } from '../events/dead-letter';
import type { DayTypesCap } from './day-types.cap';

/** What a candidate's dead letter is made from: the record's bytes and place. */
export interface CandidateRecord {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
}

/**
 * The records of a batch's events whose type may be new for their project-day (MAX_TYPES_PER_DAY), kept until
 * the flush decides which of them are over the cap. kafkajs's keys and values are views of the whole fetch,
 * so the bytes are copied, all into one buffer: a drain of a sparse stream makes nearly every event a
 * candidate, and a dead letter (two buffers and an object) made ahead for each cost more than counting it.
 * The rare event over the cap gets its dead letter when the flush finds it.
 */
export class TypeCandidates {
  private readonly indexOf = new Map<string, number>();
  /** Per candidate: where its key starts in `bytes`, the key's kept and original lengths, the value's length (-1: null). */
  private readonly layout: Int32Array;
  private readonly bytes: Buffer;

  constructor(
    records: readonly CandidateRecord[],
    readonly partition: number,
    private readonly maxKeyBytes: number,
  ) {
    this.layout = new Int32Array(4 * records.length);
    let total = 0;
    for (const { key, value } of records)
      total += Math.min(key?.length ?? 0, maxKeyBytes) + (value?.length ?? 0);
    this.bytes = Buffer.allocUnsafe(total);
    let at = 0;
    records.forEach(({ key, value, offset }, i) => {
      this.indexOf.set(offset, i);
      const keptKey = key === null ? -1 : Math.min(key.length, maxKeyBytes);
      this.layout[4 * i] = at;
      this.layout[4 * i + 1] = keptKey;
      this.layout[4 * i + 2] = key?.length ?? -1;
      this.layout[4 * i + 3] = value?.length ?? -1;
      if (key !== null) at += key.copy(this.bytes, at, 0, keptKey);
      if (value !== null) at += value.copy(this.bytes, at);
    });
  }

  get size(): number {
    return this.indexOf.size;
  }

  /** Bytes held until the flush. */
  get heldBytes(): number {
    return this.bytes.length;
  }

  has(offset: string): boolean {
    return this.indexOf.has(offset);
  }

  /** The `too_many_types` dead letter of the candidate at `offset`, saying why in `message`. */
  letterOf(offset: string, message: string): DeadLetter {
    const i = this.indexOf.get(offset);
    if (i === undefined) throw new Error(`offset ${offset} is not a type candidate`);
    const at = 4 * i;
    const start = this.layout[at];
    const keptKey = this.layout[at + 1];
    const keyBytes = this.layout[at + 2];
    const valueBytes = this.layout[at + 3];
    const keyEnd = start + Math.max(keptKey, 0);
    const letter: DeadLetter = {
      code: 'too_many_types',
      message,
      key: keptKey < 0 ? null : Buffer.copyBytesFrom(this.bytes, start, keptKey),
      value: valueBytes < 0 ? null : Buffer.copyBytesFrom(this.bytes, keyEnd, valueBytes),
      partition: this.partition,
      offset,
    };
    if (keyBytes > keptKey) letter.keyBytes = keyBytes;
    return letter;
  }
}

/**
 * The records of the events whose type may be new for their project-day (the flush decides, MAX_TYPES_PER_DAY),
 * or undefined when there are none. `records` are the batch's, in offset order; those from `from` on hold every
 * event's record.
 */
export function selectTypeCandidates(
  events: readonly CountedEvent[],
  records: readonly CandidateRecord[],
  from: number,
  typeCap: Pick<DayTypesCap, 'isCandidate'>,
  partition: number,
  maxKeyBytes: number,
): TypeCandidates | undefined {
  const now = Date.now();
  const chosen: CandidateRecord[] = [];
  let at = from;
  for (const event of events) {
    if (!typeCap.isCandidate(event, now)) continue;
    while (records[at].offset !== event.offset) at += 1;
    chosen.push(records[at]);
  }
  return chosen.length === 0 ? undefined : new TypeCandidates(chosen, partition, maxKeyBytes);
}
