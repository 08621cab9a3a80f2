import type { InflateLimits } from './inflated-batch.collector';

/** One of Kafka's compression codecs, as the consumer's Kafka client uses it (kafka-codecs.ts). */
export interface KafkaCodec {
  /** The compressed form of a batch's records: what the dead-letter producer would send. */
  compress(data: Buffer): Promise<Buffer>;
  /** The records of a batch, from its compressed bytes, within `limits` (inflated-batch.collector). */
  decompress(compressed: Buffer, limits: InflateLimits): Promise<Buffer>;
}
