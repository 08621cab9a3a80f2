// kafkajs's record batch encoder and decoder (format v2): the reference the batch size estimate is checked
// against, and what the codec specs run their batches through, as kafkajs does at runtime.
declare module 'kafkajs/src/protocol/recordBatch/v0' {
  export const RecordBatch: (batch: {
    records: unknown[];
    compression?: number;
    lastOffsetDelta?: number;
  }) => Promise<{ buffer: Buffer }>;
}
declare module 'kafkajs/src/protocol/recordBatch/record/v0' {
  const Record: (record: {
    offsetDelta?: number;
    timestampDelta?: number;
    key: Buffer | null;
    value: Buffer | null;
    headers?: Record<string, string>;
  }) => unknown;
  export = Record;
}
declare module 'kafkajs/src/protocol/decoder' {
  class Decoder {
    constructor(buffer: Buffer);
    canReadBytes(length: number): boolean;
    readVarIntBytes(): Buffer;
  }
  export = Decoder;
}
declare module 'kafkajs/src/protocol/recordBatch/record/v0/decoder' {
  import type { KafkaMessage } from 'kafkajs';
  import type Decoder from 'kafkajs/src/protocol/decoder';
  const decodeRecord: (
    decoder: Decoder,
    batch: { firstOffset: string; firstTimestamp: string },
  ) => KafkaMessage;
  export = decodeRecord;
}
declare module 'kafkajs/src/protocol/recordBatch/v0/decoder' {
  import type { KafkaMessage } from 'kafkajs';
  import type Decoder from 'kafkajs/src/protocol/decoder';
  const decodeRecordBatch: (decoder: Decoder) => Promise<{ records: KafkaMessage[] }>;
  export = decodeRecordBatch;
}
// kafkajs's DefaultPartitioner, made of the hash it is given: the dead-letter producer gives it a linear one.
declare module 'kafkajs/src/producer/partitioners/legacy/partitioner' {
  import type { ICustomPartitioner } from 'kafkajs';
  const createLegacyPartitioner: (murmur2: (key: Buffer | string) => number) => ICustomPartitioner;
  export = createLegacyPartitioner;
}
declare module 'kafkajs/src/producer/partitioners/default/murmur2' {
  const murmur2: (key: Buffer | string) => number;
  export = murmur2;
}
