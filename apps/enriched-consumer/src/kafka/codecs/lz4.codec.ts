import { compress, decompressBlock } from 'lz4js';
import { collectInflated, type InflateLimits } from './inflated-batch.collector';
import type { KafkaCodec } from './kafka-codec';

// The LZ4 frame format (lz4's doc/lz4_Frame_format.md), which Kafka's clients write for magic v2 batches.
const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC = 0x184d2a50;
const SKIPPABLE_MASK = 0xfffffff0;
const UNCOMPRESSED_BLOCK = 0x80000000;
// How far back a match may reach: blocks that depend on earlier ones need this much of them.
const WINDOW_BYTES = 64 * 1024;
const BLOCK_MAX_BYTES: Record<number, number> = {
  4: 64 * 1024,
  5: 256 * 1024,
  6: 1024 * 1024,
  7: 4 * 1024 * 1024,
};

/**
 * Reads lz4 frames block by block with lz4js's block decoder, into a window that keeps the last 64 KiB of
 * output before each block, so that blocks linked to earlier ones decode too, and hands each block on by
 * itself. lz4js's own frame reader writes into one buffer sized from the frame's header and drops what does
 * not fit without a word, so it is not used.
 */
function inflate(compressed: Buffer, sink: (chunk: Uint8Array) => void): void {
  let at = 0;
  const need = (bytes: number) => {
    if (at + bytes > compressed.length) throw new Error('lz4: a frame cut short');
  };
  while (at < compressed.length) {
    need(4);
    const magic = compressed.readUInt32LE(at);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      need(8);
      at += 8 + compressed.readUInt32LE(at + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Error(`lz4: not a frame (magic ${magic.toString(16)})`);
    need(7);
    const flags = compressed[at + 4];
    if (flags >> 6 !== 1) throw new Error(`lz4: frame version ${flags >> 6} is not 1`);
    const blockMax = BLOCK_MAX_BYTES[(compressed[at + 5] >> 4) & 7];
    if (blockMax === undefined) throw new Error('lz4: an unknown block size');
    const blockChecksum = (flags & 0x10) !== 0;
    const contentChecksum = (flags & 0x04) !== 0;
    // Magic, flags, block descriptor, then the content size and the dictionary id when set, and the header checksum.
    at += 6 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1;
    const window = new Uint8Array(WINDOW_BYTES + blockMax);
    let kept = 0;
    for (;;) {
      need(4);
      const word = compressed.readUInt32LE(at);
      at += 4;
      if (word === 0) break;
      const size = (word & ~UNCOMPRESSED_BLOCK) >>> 0;
      need(size + (blockChecksum ? 4 : 0));
      if (size > blockMax) throw new Error(`lz4: a block of ${size} bytes, over its frame's ${blockMax}`);
      let end: number;
      if ((word & UNCOMPRESSED_BLOCK) !== 0) {
        window.set(compressed.subarray(at, at + size), kept);
        end = kept + size;
      } else {
        end = decompressBlock(compressed, window, at, size, kept);
        // lz4js writes past the end of its output without a word.
        if (end > window.length)
          throw new Error(`lz4: a block inflates beyond its frame's ${blockMax} bytes`);
      }
      sink(window.slice(kept, end));
      at += size + (blockChecksum ? 4 : 0);
      kept = Math.min(end, WINDOW_BYTES);
      window.copyWithin(0, end - kept, end);
    }
    if (contentChecksum) at += 4;
  }
}

/** LZ4 with lz4js (pure JavaScript): frames read block by block; written as lz4js writes a frame. */
export const lz4Codec: KafkaCodec = {
  compress: async (data: Buffer) => Buffer.from(compress(data)),
  decompress: (compressed: Buffer, limits: InflateLimits) => collectInflated(inflate, compressed, limits),
};
