import type { DeadLetterCode } from '@metrics-store/metrics-contract';

/** Why a record is not counted: the contract's code and a short explanation (its `x-error-*` headers). */
export interface DeadLetterReason {
  code: DeadLetterCode;
  message: string;
}

/** A record on its way to the dead-letter topic: the reason, and the original bytes and place of the record. */
export interface DeadLetter extends DeadLetterReason {
  key: Buffer | null;
  value: Buffer | null;
  partition: number;
  offset: string;
}

/**
 * The dead letter of a record, holding copies of its key and value: kafkajs's are views of the whole fetch
 * (up to 4 MB), which a kept view would hold in memory until the dead letter is written, however small the
 * record.
 */
export function deadLetterOf(
  reason: DeadLetterReason,
  record: { key: Buffer | null; value: Buffer | null; offset: string },
  partition: number,
): DeadLetter {
  const copy = (bytes: Buffer | null) => (bytes === null ? null : Buffer.copyBytesFrom(bytes));
  return { ...reason, key: copy(record.key), value: copy(record.value), partition, offset: record.offset };
}

/** Bytes a dead letter holds until it is written: its copies of the record's key and value. */
export const deadLetterBytes = (letter: DeadLetter): number =>
  (letter.key?.length ?? 0) + (letter.value?.length ?? 0);
