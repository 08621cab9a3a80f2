import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { gzipCodec } from './gzip.codec';
import type { InflateLimits } from './inflated-batch.collector';
import type { KafkaCodec } from './kafka-codec';
import { lz4Codec } from './lz4.codec';
import { snappyCodec } from './snappy.codec';
import { zstdCodec } from './zstd.codec';

/**
 * What one batch may inflate to and be handed to kafkajs whole. The common compressed batch is a few MB at most
 * (a topic takes 1 MiB compressed by default); past this, the batch is read as a stream and its records kept
 * within it (RecordStreamShrinker), so that a few hundred kB that inflate to gigabytes cannot exhaust memory.
 */
export const MAX_INFLATED_BATCH_BYTES = 32 * 1024 * 1024;

const CODECS: [keyof typeof CompressionCodecs, KafkaCodec][] = [
  [CompressionTypes.GZIP, gzipCodec],
  [CompressionTypes.Snappy, snappyCodec],
  [CompressionTypes.LZ4, lz4Codec],
  [CompressionTypes.ZSTD, zstdCodec],
];

/**
 * Registers every Kafka codec with kafkajs (process-wide: kafkajs keeps one table), which ships only GZIP and
 * otherwise fails a batch with KafkaJSNotImplemented.
 */
export function registerKafkaCodecs(limits: InflateLimits): void {
  for (const [type, codec] of CODECS) {
    CompressionCodecs[type] = () => ({
      compress: (encoder: { buffer: Buffer }) => codec.compress(encoder.buffer),
      decompress: (compressed: Buffer) => codec.decompress(compressed, limits),
    });
  }
}
