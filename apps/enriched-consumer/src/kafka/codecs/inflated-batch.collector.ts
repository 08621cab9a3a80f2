import { RecordStreamShrinker } from './record-stream.shrinker';

/** What a consumer holds of one compressed batch (contract section 1: a batch is never a reason to stop). */
export interface InflateLimits {
  /** Bytes a batch may inflate to and be handed on whole. */
  maxBatchBytes: number;
  /** MAX_EVENT_BYTES: the most of a key or value kept from a batch that inflates beyond maxBatchBytes. */
  maxFieldBytes: number;
}

/** Pushes the decompressed bytes of `compressed` to `sink`, in order, chunk by chunk; each chunk is the sink's. */
export type Inflate = (compressed: Buffer, sink: (chunk: Uint8Array) => void) => void | Promise<void>;

/**
 * The decompressed records of a batch for kafkajs to decode. Up to `maxBatchBytes` they are the decompressed
 * bytes as they are. Past that (a batch of a few hundred kB can inflate to gigabytes), the rest of the stream is
 * read record by record and shrunk as it comes (RecordStreamShrinker), so that no more than about
 * `maxBatchBytes` is ever held, however far the batch inflates.
 */
export async function collectInflated(
  inflate: Inflate,
  compressed: Buffer,
  limits: InflateLimits,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let shrinker: RecordStreamShrinker | null = null;
  await inflate(compressed, (chunk) => {
    if (shrinker) return shrinker.push(chunk);
    bytes += chunk.length;
    chunks.push(chunk);
    if (bytes <= limits.maxBatchBytes) return;
    shrinker = new RecordStreamShrinker(limits);
    for (const held of chunks.splice(0)) shrinker.push(held);
  });
  if (shrinker) return (shrinker as RecordStreamShrinker).end();
  return Buffer.concat(chunks, bytes);
}
