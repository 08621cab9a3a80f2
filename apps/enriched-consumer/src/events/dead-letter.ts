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
  /** The key's length in bytes, when `key` holds only its first bytes (header x-key-truncated). */
  keyBytes?: number;
  /** The value's length in bytes, when `value` holds only its first bytes (header x-value-truncated). */
  valueBytes?: number;
}

/** Original lengths of a key or value that reached the consumer cut short (kafka/codecs/record-truncation). */
export interface CutLengths {
  keyBytes?: number;
  valueBytes?: number;
}

/**
 * The dead letter of a record, holding copies of its key and value: kafkajs's are views of the whole fetch
 * (up to 4 MB), which a kept view would hold in memory until the dead letter is written, however small the
 * record. A key longer than `maxKeyBytes` (MAX_EVENT_BYTES) is kept as its first `maxKeyBytes` bytes; `cut`
 * gives the original lengths of a key or value that arrived cut short already.
 */
export function deadLetterOf(
  reason: DeadLetterReason,
  record: { key: Buffer | null; value: Buffer | null; offset: string },
  partition: number,
  maxKeyBytes: number,
  cut: CutLengths | null = null,
): DeadLetter {
  const copy = (bytes: Buffer | null, upTo = Infinity) =>
    bytes === null ? null : Buffer.copyBytesFrom(bytes, 0, Math.min(bytes.length, upTo));
  const letter: DeadLetter = {
    ...reason,
    key: copy(record.key, maxKeyBytes),
    value: copy(record.value),
    partition,
    offset: record.offset,
  };
  const keyBytes = cut?.keyBytes ?? record.key?.length ?? 0;
  if (keyBytes > (letter.key?.length ?? 0)) letter.keyBytes = keyBytes;
  if (cut?.valueBytes !== undefined) letter.valueBytes = cut.valueBytes;
  return letter;
}

/** Bytes a dead letter holds until it is written: its copies of the record's key and value. */
export const deadLetterBytes = (letter: DeadLetter): number =>
  (letter.key?.length ?? 0) + (letter.value?.length ?? 0);
