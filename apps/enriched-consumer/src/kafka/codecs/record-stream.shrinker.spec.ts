import type { KafkaMessage } from 'kafkajs';
import Decoder = require('kafkajs/src/protocol/decoder');
import Record = require('kafkajs/src/protocol/recordBatch/record/v0');
import decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder');
import { collectInflated, type InflateLimits } from './inflated-batch.collector';
import { truncationOf } from './record-truncation';

interface Input {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string>;
}

/** The inside of a batch, its records one after the other, as kafkajs writes it. */
const recordStream = (inputs: Input[]) =>
  Buffer.concat(
    inputs.map((input, offsetDelta) => (Record({ offsetDelta, ...input }) as { buffer: Buffer }).buffer),
  );

/** Reads a record stream as kafkajs does: each record a varint length and its bytes. */
function readRecords(stream: Buffer): KafkaMessage[] {
  const decoder = new Decoder(stream);
  const records: KafkaMessage[] = [];
  while (decoder.canReadBytes(1)) {
    records.push(
      decodeRecord(new Decoder(decoder.readVarIntBytes()), { firstOffset: '0', firstTimestamp: '0' }),
    );
  }
  return records;
}

/** The stream through collectInflated, handed over `chunkBytes` at a time as an inflater would. */
const collect = (stream: Buffer, limits: InflateLimits, chunkBytes: number) =>
  collectInflated(
    (data, sink) => {
      for (let at = 0; at < data.length; at += chunkBytes) sink(data.subarray(at, at + chunkBytes));
    },
    stream,
    limits,
  );

const text = (data: Buffer | null) => data?.toString() ?? null;

describe('collectInflated and RecordStreamShrinker', () => {
  const inputs: Input[] = [
    { key: Buffer.from('k1'), value: Buffer.from('{"n":1}'), headers: { trace: 'x'.repeat(300) } },
    { key: null, value: null },
    { key: Buffer.alloc(0), value: Buffer.alloc(0) },
    { key: Buffer.alloc(500, 'k'), value: Buffer.alloc(2_000, 'v') },
    { key: Buffer.from('k5'), value: Buffer.from('{"n":5}') },
  ];

  it('hands on a stream within maxBatchBytes as it is, headers included', async () => {
    const stream = recordStream(inputs);
    const out = await collect(stream, { maxBatchBytes: stream.length, maxFieldBytes: 10 }, 7);
    expect(out.equals(stream)).toBe(true);
  });

  it.each([1, 3, 64, 100_000])(
    'past maxBatchBytes keeps every record and its offset, keys and values cut to maxFieldBytes, in chunks of %i bytes',
    async (chunkBytes) => {
      const stream = recordStream(inputs);
      const limits = { maxBatchBytes: 2_000, maxFieldBytes: 200 };
      const records = readRecords(await collect(stream, limits, chunkBytes));
      expect(records.map((record) => [record.offset, text(record.key), text(record.value)])).toEqual([
        ['0', 'k1', '{"n":1}'],
        ['1', null, null],
        ['2', '', ''],
        ['3', 'k'.repeat(200), 'v'.repeat(200)],
        ['4', 'k5', '{"n":5}'],
      ]);
      // The consumer reads no source header: they are not kept.
      expect(records[0].headers).toEqual({});
      expect(records.map((record) => truncationOf(record))).toEqual([
        null,
        null,
        null,
        { keyBytes: 500, valueBytes: 2_000 },
        null,
      ]);
    },
  );

  it('keeps no byte of a key or value once it has written maxBatchBytes, and says how long each was', async () => {
    const many: Input[] = Array.from({ length: 50 }, (_, i) => ({
      key: Buffer.from(`key-${i}`),
      value: Buffer.alloc(1_000, 0x61 + (i % 26)),
    }));
    const stream = recordStream(many);
    const records = readRecords(
      await collect(stream, { maxBatchBytes: 10_000, maxFieldBytes: 1_000 }, 4_096),
    );
    expect(records).toHaveLength(50);
    const kept = records.filter((record) => truncationOf(record) === null);
    // Whole records until 10,000 bytes are written; every later one keeps nothing of its key and value.
    expect(kept.length).toBeGreaterThanOrEqual(8);
    expect(kept.length).toBeLessThan(10);
    expect(kept.every((record, i) => record.value?.equals(many[i].value as Buffer))).toBe(true);
    const last = records[49];
    expect([last.offset, last.key?.length, last.value?.length]).toEqual(['49', 0, 0]);
    expect(truncationOf(last)).toEqual({ keyBytes: 6, valueBytes: 1_000 });
  });

  it('believes truncation headers only of its own buffers, not of a record a producer sent with them', () => {
    const forged = {
      headers: { 'x-value-truncated': Buffer.from('100000'), 'x-key-truncated': Buffer.from('9') },
    };
    expect(truncationOf(forged)).toBeNull();
  });

  it('fails on a record whose fields run past the length it gives', async () => {
    const stream = recordStream([{ key: Buffer.from('k'), value: Buffer.from('{"n":1}') }]);
    // The record's length, its first byte, says 2 bytes fewer than it holds.
    stream[0] -= 4;
    await expect(collect(stream, { maxBatchBytes: 1, maxFieldBytes: 10 }, 50)).rejects.toThrow(
      /longer than its length says/,
    );
  });

  it('fails on a stream that ends inside a record', async () => {
    const stream = recordStream(inputs);
    const cut = stream.subarray(0, stream.length - 3);
    await expect(collect(cut, { maxBatchBytes: 10, maxFieldBytes: 10 }, 50)).rejects.toThrow(
      /ends inside record 4/,
    );
  });
});
