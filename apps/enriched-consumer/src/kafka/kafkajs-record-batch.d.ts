// kafkajs's record batch encoder (format v2), the reference the batch size estimate is checked against.
declare module 'kafkajs/src/protocol/recordBatch/v0' {
  export const RecordBatch: (batch: {
    records: unknown[];
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
