/**
 * What the broker counts of a produce request against a topic's `max.message.bytes`: the record batch
 * (format v2, as kafkajs writes it uncompressed), header and records. Every varint whose value is not known
 * here (timestamp and offset deltas, record lengths) is counted at its widest, so the figure is never below
 * the broker's.
 */

/** baseOffset, batchLength, leaderEpoch, magic, crc, attributes, lastOffsetDelta, two timestamps, producer id,
 * epoch, base sequence and the record count: the fixed part of a v2 record batch. */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;
// A record's attributes byte, its timestamp delta (a varlong, at most 10 bytes), its offset delta and its
// own length (varints of 32 bits, at most 5 bytes each).
const RECORD_FIXED_BYTES = 1 + 10 + 5 + 5;

/** Bytes of a zigzag varint: how Kafka writes the lengths of keys, values and headers (-1 for null). */
export function varintBytes(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let bytes = 1;
  while (zigzag >= 128) {
    zigzag = Math.floor(zigzag / 128);
    bytes += 1;
  }
  return bytes;
}

const bytesOf = (data: Buffer | null) =>
  data === null ? varintBytes(-1) : varintBytes(data.length) + data.length;

export interface SizedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Bytes one record adds to a record batch, at most. */
export function recordBytes(record: SizedRecord): number {
  const names = Object.keys(record.headers);
  let bytes = RECORD_FIXED_BYTES + bytesOf(record.key) + bytesOf(record.value) + varintBytes(names.length);
  for (const name of names) {
    const nameBytes = Buffer.byteLength(name);
    const valueBytes = Buffer.byteLength(record.headers[name]);
    bytes += varintBytes(nameBytes) + nameBytes + varintBytes(valueBytes) + valueBytes;
  }
  return bytes;
}

/**
 * Consecutive runs of records, each a record batch of at most `maxBatchBytes` as the broker counts it, unless
 * a single record is larger (it goes alone).
 */
export function chunkByBatchSize<T extends SizedRecord>(records: T[], maxBatchBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = RECORD_BATCH_OVERHEAD_BYTES;
  for (const record of records) {
    const size = recordBytes(record);
    if (current.length > 0 && bytes + size > maxBatchBytes) {
      chunks.push(current);
      current = [];
      bytes = RECORD_BATCH_OVERHEAD_BYTES;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
