import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';
import Record = require('kafkajs/src/protocol/recordBatch/record/v0');
import {
  chunkByBatchSize,
  RECORD_BATCH_OVERHEAD_BYTES,
  recordBytes,
  varintBytes,
  type SizedRecord,
} from './record-batch.size';

const headers = (offset: number) => ({
  'x-error-code': 'invalid_json',
  'x-error-message': 'value is empty — ünïcode',
  'x-source-topic': 'events.enriched',
  'x-source-partition': '5',
  'x-source-offset': String(offset),
});
const tombstone = (offset: number): SizedRecord => ({ key: null, value: null, headers: headers(offset) });

/** The bytes kafkajs writes for these records as one batch, with the widest deltas a request could have. */
async function encodedBatchBytes(records: SizedRecord[]): Promise<number> {
  const encoded = records.map((record, i) =>
    Record({ ...record, offsetDelta: i, timestampDelta: 2 ** 40 + i }),
  );
  const batch = await RecordBatch({ records: encoded, lastOffsetDelta: records.length - 1 });
  return batch.buffer.length;
}

describe('record batch size', () => {
  it('writes varints as Kafka does', () => {
    expect([0, 63, 64, 8191, 8192, -1, 2 ** 31 - 1].map(varintBytes)).toEqual([1, 1, 2, 2, 3, 1, 5]);
  });

  it('never counts a batch below what kafkajs writes, nor far above it', async () => {
    const records = [
      ...Array.from({ length: 1_000 }, (_, i) => tombstone(1_000_000 + i)),
      { key: Buffer.from('6f1c2a7e'), value: Buffer.alloc(70_000, 0x61), headers: headers(7) },
      { key: Buffer.alloc(0), value: Buffer.alloc(0), headers: {} },
    ];
    const estimate = RECORD_BATCH_OVERHEAD_BYTES + records.reduce((sum, r) => sum + recordBytes(r), 0);
    const actual = await encodedBatchBytes(records);
    expect(estimate).toBeGreaterThanOrEqual(actual);
    expect(estimate - actual).toBeLessThan(records.length * 16);
  });

  it('counts the headers: 20,000 tombstones go in requests that each stay under the limit', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => tombstone(i));
    const chunks = chunkByBatchSize(records, 512 * 1024);
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.flat()).toHaveLength(records.length);
    for (const chunk of chunks) expect(await encodedBatchBytes(chunk)).toBeLessThanOrEqual(512 * 1024);
  });

  it('cuts before the record that would take a run over the limit, and lets a larger record go alone', () => {
    const sized = (valueBytes: number): SizedRecord => ({
      key: null,
      value: Buffer.alloc(valueBytes),
      headers: {},
    });
    const chunks = chunkByBatchSize([sized(400), sized(400), sized(300), sized(2_000), sized(10)], 1_000);
    expect(chunks.map((chunk) => chunk.map((r) => r.value?.length))).toEqual([
      [400, 400],
      [300],
      [2_000],
      [10],
    ]);
  });
});
