import { randomBytes } from 'node:crypto';
import { CompressionTypes, type KafkaMessage } from 'kafkajs';
import { compress as lz4Frame } from 'lz4js';
import { compress as rawSnappy } from 'snappyjs';
import Decoder = require('kafkajs/src/protocol/decoder');
import decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');
import Record = require('kafkajs/src/protocol/recordBatch/record/v0');
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';
import { gzipCodec } from './gzip.codec';
import type { InflateLimits } from './inflated-batch.collector';
import { registerKafkaCodecs } from './kafka-codecs';
import { lz4Codec } from './lz4.codec';
import { truncationOf } from './record-truncation';
import { snappyCodec } from './snappy.codec';
import { zstdCodec } from './zstd.codec';

const LIMITS: InflateLimits = { maxBatchBytes: 1024 * 1024, maxFieldBytes: 1_000 };
const CODECS = [
  ['gzip', CompressionTypes.GZIP, gzipCodec],
  ['snappy', CompressionTypes.Snappy, snappyCodec],
  ['lz4', CompressionTypes.LZ4, lz4Codec],
  ['zstd', CompressionTypes.ZSTD, zstdCodec],
] as const;

interface Input {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string>;
}

/** A batch written and read by kafkajs's own record batch code, with the codecs as the consumer registers them. */
async function throughKafkajs(compression: CompressionTypes, inputs: Input[]): Promise<KafkaMessage[]> {
  const records = inputs.map((input, offsetDelta) => Record({ offsetDelta, ...input }));
  const batch = await RecordBatch({ compression, records, lastOffsetDelta: inputs.length - 1 });
  return (await decodeRecordBatch(new Decoder(batch.buffer))).records;
}

const text = (data: Buffer | null) => data?.toString() ?? null;
const events = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    key: Buffer.from(`project-${i % 7}`),
    value: Buffer.from(JSON.stringify({ event_id: `e-${i}`, type: 'page_view', n: i })),
  }));

describe.each(CODECS)('the %s codec', (_name, compression, codec) => {
  beforeAll(() => registerKafkaCodecs(LIMITS));

  it('reads back what it writes, from nothing to blocks of every size', async () => {
    for (const size of [0, 1, 100, 70_000, 300_000]) {
      const data = Buffer.concat([Buffer.alloc(size / 2, 'abc'), randomBytes(size - size / 2)]);
      const compressed = await codec.compress(data);
      expect((await codec.decompress(compressed, LIMITS)).equals(data)).toBe(true);
    }
  });

  it('gives kafkajs every record of a batch as it was written: keys, values, headers, nulls', async () => {
    const inputs: Input[] = [
      ...events(2_000),
      { key: null, value: null },
      { key: Buffer.alloc(0), value: Buffer.from('{}'), headers: { trace: 'abc' } },
    ];
    const records = await throughKafkajs(compression, inputs);
    expect(records.map((record) => [text(record.key), text(record.value), record.offset])).toEqual(
      inputs.map((input, i) => [text(input.key), text(input.value), String(i)]),
    );
    expect(String(records[2_001].headers?.trace)).toBe('abc');
    expect(records.every((record) => truncationOf(record) === null)).toBe(true);
  });

  it('keeps of a batch that inflates beyond its limit every record, each key and value cut to maxFieldBytes', async () => {
    // 40 values of 100 kB: 4 MB inflated, a few kB compressed.
    const big = (i: number) => Buffer.alloc(100_000, 0x30 + (i % 10));
    const inputs: Input[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ key: Buffer.alloc(5_000, 0x6b), value: big(i) })),
      ...events(3),
    ];
    const records = await throughKafkajs(compression, inputs);
    expect(records).toHaveLength(43);
    for (const [i, record] of records.slice(0, 40).entries()) {
      expect(record.offset).toBe(String(i));
      expect(record.value?.equals(big(i).subarray(0, 1_000))).toBe(true);
      expect(record.key?.equals(Buffer.alloc(1_000, 0x6b))).toBe(true);
      expect(truncationOf(record)).toEqual({ keyBytes: 5_000, valueBytes: 100_000 });
    }
    expect(records.slice(40).map((record) => text(record.value))).toEqual(
      inputs.slice(40).map((input) => text(input.value)),
    );
    expect(records.slice(40).every((record) => truncationOf(record) === null)).toBe(true);
  });
});

describe('the codecs on what other writers send', () => {
  it('snappy: one raw block (no snappy-java framing), and framed streams written one after the other', async () => {
    const data = Buffer.from('{"type":"page_view"}'.repeat(5_000));
    expect((await snappyCodec.decompress(Buffer.from(rawSnappy(data)), LIMITS)).equals(data)).toBe(true);
    const framed = await snappyCodec.compress(data);
    const twice = await snappyCodec.decompress(Buffer.concat([framed, framed]), LIMITS);
    expect(twice.equals(Buffer.concat([data, data]))).toBe(true);
  });

  it('lz4: a frame of linked 4 MiB blocks, as lz4js writes one', async () => {
    const data = Buffer.concat([randomBytes(100_000), Buffer.alloc(4_200_000, 'xyz'), randomBytes(50)]);
    const frame = Buffer.from(lz4Frame(data));
    const limits = { ...LIMITS, maxBatchBytes: 8 * 1024 * 1024 };
    expect((await lz4Codec.decompress(frame, limits)).equals(data)).toBe(true);
  });

  it('zstd: a frame the zstd command line wrote at level 19', async () => {
    // `zstd -19` of these 20 lines, joined by newlines.
    const frame = Buffer.from(
      'KLUv/WQNBWUEAGLGFBeAbcZAw0Nmi1owzAhsd3d3bzFgjhhXB1N8DVe/3623E2WvrhFVH2/oRYwQvudca4ytpdQDkw7JZJDQLg+xStHkkNtE' +
        'TgapkAmaQyIL4TD7bEoBK6gRcO7+1g7AFarVEUAMgSE4wj9c/PcBu1v1u+31a56jeTbYlf+7N3/17QgRJFtoASDCERYVWZjJwQ==',
      'base64',
    );
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({
        event_id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
        type: 'page_view',
        n: i,
      }),
    );
    expect((await zstdCodec.decompress(frame, LIMITS)).toString()).toBe(lines.join('\n'));
  });
});
