import { compress, uncompress } from 'snappyjs';
import { collectInflated, type InflateLimits } from './inflated-batch.collector';
import type { KafkaCodec } from './kafka-codec';

// Kafka's Java clients write snappy in snappy-java's stream format: this magic, a version and the oldest
// compatible version (both 1), then blocks, each an int32 length and a raw snappy block. Other clients (kafkajs
// codecs, some librdkafka versions) write one raw snappy block; the magic tells them apart, as in snappy-java.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = XERIAL_MAGIC.length + 8;
// snappy-java's default block size.
const BLOCK_BYTES = 32 * 1024;

const isXerial = (data: Buffer) =>
  data.length >= XERIAL_HEADER_BYTES && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);

/** Each block inflated on its own, so that a batch past its limit is never whole in memory. */
function inflate(compressed: Buffer, sink: (chunk: Uint8Array) => void): void {
  if (!isXerial(compressed)) {
    sink(uncompress(compressed));
    return;
  }
  let at = XERIAL_HEADER_BYTES;
  while (at < compressed.length) {
    // snappy-java reads streams written one after the other as one.
    if (isXerial(compressed.subarray(at))) {
      at += XERIAL_HEADER_BYTES;
      continue;
    }
    if (at + 4 > compressed.length) throw new Error('snappy: a block length cut short');
    const length = compressed.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > compressed.length)
      throw new Error(`snappy: a block of ${length} bytes cut short`);
    sink(uncompress(compressed.subarray(at, at + length)));
    at += length;
  }
}

/** Snappy with snappyjs (pure JavaScript), read in both framings, written in snappy-java's as Kafka's clients do. */
export const snappyCodec: KafkaCodec = {
  async compress(data: Buffer): Promise<Buffer> {
    const header = Buffer.alloc(XERIAL_HEADER_BYTES);
    XERIAL_MAGIC.copy(header);
    header.writeInt32BE(1, XERIAL_MAGIC.length);
    header.writeInt32BE(1, XERIAL_MAGIC.length + 4);
    const parts: Uint8Array[] = [header];
    for (let at = 0; at < data.length; at += BLOCK_BYTES) {
      const block = compress(data.subarray(at, at + BLOCK_BYTES));
      const length = Buffer.alloc(4);
      length.writeInt32BE(block.length);
      parts.push(length, block);
    }
    return Buffer.concat(parts);
  },
  decompress: (compressed: Buffer, limits: InflateLimits) => collectInflated(inflate, compressed, limits),
};
