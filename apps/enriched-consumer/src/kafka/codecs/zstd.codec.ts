import { Decompress } from 'fzstd';
import { collectInflated, type InflateLimits } from './inflated-batch.collector';
import type { KafkaCodec } from './kafka-codec';

const FRAME_MAGIC = 0xfd2fb528;
// Frame header descriptor: an 8-byte content size, single segment (so no window descriptor), no checksum.
const SINGLE_SEGMENT_WITH_SIZE = 0xe0;
const MAX_BLOCK_BYTES = 128 * 1024;

/** fzstd's streaming decoder hands on each block as it is decoded. */
function inflate(compressed: Buffer, sink: (chunk: Uint8Array) => void): void {
  new Decompress((chunk) => void (chunk.length > 0 && sink(chunk))).push(compressed, true);
}

/**
 * A zstd frame of raw (stored) blocks: valid zstd that every reader takes, without compressing. No maintained
 * pure-JavaScript zstd compressor exists, the consumer's only producer writes None or GZIP, and a frame that
 * reads back beats an error if it ever writes ZSTD.
 */
function storedFrame(data: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32LE(FRAME_MAGIC, 0);
  header[4] = SINGLE_SEGMENT_WITH_SIZE;
  header.writeBigUInt64LE(BigInt(data.length), 5);
  const parts: Uint8Array[] = [header];
  let at = 0;
  do {
    const size = Math.min(MAX_BLOCK_BYTES, data.length - at);
    const last = at + size >= data.length ? 1 : 0;
    // Block header, 3 bytes little-endian: last-block flag, type 0 (raw), size.
    const block = Buffer.alloc(3);
    block.writeUIntLE(last | (size << 3), 0, 3);
    parts.push(block, data.subarray(at, at + size));
    at += size;
  } while (at < data.length);
  return Buffer.concat(parts);
}

/** Zstandard read with fzstd (pure JavaScript, streaming), written as stored frames. */
export const zstdCodec: KafkaCodec = {
  compress: async (data: Buffer) => storedFrame(data),
  decompress: (compressed: Buffer, limits: InflateLimits) => collectInflated(inflate, compressed, limits),
};
