import type { KafkaMessage } from 'kafkajs';
import type { CutLengths } from '../../events/dead-letter';

/** The headers a dead letter carries for a key or value it holds only the first bytes of (docs/events.md). */
export const TRUNCATION_HEADERS = { key: 'x-key-truncated', value: 'x-value-truncated' } as const;

// The buffers RecordStreamShrinker wrote. A producer may send these headers itself (a dead letter replayed onto
// the source topic carries them): they are believed only of the consumer's own buffers.
const shrunk = new WeakSet<ArrayBufferLike>();

export const markShrunk = (records: Buffer): void => void shrunk.add(records.buffer);

const ours = (header: unknown): header is Buffer => Buffer.isBuffer(header) && shrunk.has(header.buffer);

/** What a record of a shrunk batch lost, read from the headers RecordStreamShrinker wrote into it. */
export function truncationOf(message: Pick<KafkaMessage, 'headers'>): CutLengths | null {
  const headers = message.headers;
  // Every record passes here: the common one, without either header, costs two lookups.
  if (headers === undefined) return null;
  const key = headers[TRUNCATION_HEADERS.key];
  const value = headers[TRUNCATION_HEADERS.value];
  if (key === undefined && value === undefined) return null;
  if (!ours(key) && !ours(value)) return null;
  return {
    ...(ours(key) ? { keyBytes: Number(key.toString()) } : {}),
    ...(ours(value) ? { valueBytes: Number(value.toString()) } : {}),
  };
}
