import { TEST_VISITOR_KEY_SECRET } from '@metrics-store/testing';
import { VisitorKeyHasher } from '../events/visitor-key.hasher';
import { DuplicateFilter } from '../dedupe/duplicate.filter';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { createLogger } from '@metrics-store/runtime';
import { LocalDateResolver } from '../events/local-date.resolver';
import type { AcceptedSegment } from '../flush/flush.scheduler';
import { recordCountingFlow } from '../record-counting.flow';
import { PartitionBatchProcessor, type ProcessorDeps } from './partition-batch.processor';

/** One kafkajs batch of partition 3 from offset 0, whose records are views of one fetch buffer, as kafkajs's are. */
function fetchedBatch(fetch: Buffer, values: Buffer[]): EachBatchPayload {
  const messages = values.map(
    (value, i) =>
      ({
        offset: String(i),
        key: fetch.subarray(0, 8),
        value,
        timestamp: '0',
        attributes: 0,
        headers: {},
      }) as KafkaMessage,
  );
  const batch = {
    topic: 'events',
    partition: 3,
    highWatermark: String(values.length),
    fetchedOffset: '0',
    messages,
    isEmpty: () => false,
    lastOffset: () => String(values.length - 1),
    offsetLag: () => '0',
  };
  return {
    batch,
    isRunning: () => true,
    isStale: () => false,
    heartbeat: async () => undefined,
    resolveOffset: (offset: string) => resolved.push(offset),
  } as unknown as EachBatchPayload;
}

/** The offsets the processor resolved (kafkajs fetches on from the last one). */
const resolved: string[] = [];

describe('PartitionBatchProcessor with the record-counting flow', () => {
  it("keeps copies of a dead letter's bytes, not views that would hold the whole fetch in memory", async () => {
    const added: AcceptedSegment[] = [];
    let accepted = 0n;
    const logger = createLogger({ name: 'processor-test', level: 'silent' });
    const classifier = {
      limits: { maxEventBytes: 65_536, maxEventAgeDays: 400 },
      keys: new VisitorKeyHasher(TEST_VISITOR_KEY_SECRET),
    };
    const duplicates = new DuplicateFilter(0);
    const deps = {
      positions: {
        positionOf: async () => 0n,
        acceptedOf: () => accepted,
        accept: (_partition: number, next: bigint) => (accepted = next),
      },
      scheduler: { discardPartition: () => undefined },
      duplicates,
      limits: classifier.limits,
      countRecords: recordCountingFlow({
        classifier,
        duplicates,
        logger,
        timezones: { zonesOf: async () => new Map() },
        dates: new LocalDateResolver(),
        typeCap: { isCandidate: () => false },
        scheduler: { add: async (segment: AcceptedSegment) => void added.push(segment) },
      }),
      logger,
      onFatal: (error: unknown) => {
        throw error;
      },
    } as unknown as ProcessorDeps;
    const fetch = Buffer.alloc(4 * 1024 * 1024, 0x20);
    fetch.write('{"not": json', 1_000);
    await new PartitionBatchProcessor(deps).handle(fetchedBatch(fetch, [fetch.subarray(1_000, 1_012)]));

    expect(added[0]).toMatchObject({ partition: 3, firstOffset: '0', nextOffset: '1', records: 1 });
    const [letter] = added[0].deadLetters;
    expect(letter).toMatchObject({ code: 'invalid_json', partition: 3, offset: '0' });
    expect(letter.value?.toString()).toBe('{"not": json');
    expect(letter.key?.equals(fetch.subarray(0, 8))).toBe(true);
    // A small copy may share Node's buffer pool (Buffer.poolSize: 8 KiB on Node 20, 64 KiB on Node 24).
    for (const kept of [letter.key, letter.value]) {
      expect(kept?.buffer).not.toBe(fetch.buffer);
      expect(kept?.buffer.byteLength).toBeLessThanOrEqual(Buffer.poolSize);
    }
  });

  describe('a batch wholly below the stored position', () => {
    const processorAt = (position: bigint, duplicates: DuplicateFilter) =>
      new PartitionBatchProcessor({
        positions: { positionOf: async () => position },
        scheduler: { discardPartition: () => undefined },
        duplicates,
        limits: { maxEventBytes: 65_536, maxEventAgeDays: 400 },
        countRecords: async () => {
          throw new Error('no record at or past the position');
        },
        logger: createLogger({ name: 'processor-test', level: 'silent' }),
        onFatal: (error: unknown) => {
          throw error;
        },
      } as unknown as ProcessorDeps);
    const fiveRecords = () => {
      const fetch = Buffer.alloc(64, 0x20);
      return fetchedBatch(
        fetch,
        [0, 1, 2, 3, 4].map(() => fetch.subarray(8, 16)),
      );
    };
    beforeEach(() => resolved.splice(0));

    it('lets the fetch go on with the next records while the duplicate window still reads back', async () => {
      const duplicates = new DuplicateFilter(600_000);
      // Stored offset 100, the window read back from offset 0: this batch is offsets 0 to 4 of it.
      duplicates.reset(3, 100n, Date.now(), 0n);
      await processorAt(100n, duplicates).handle(fiveRecords());
      expect(resolved).toEqual(['4']);
      expect(duplicates.needsFeed(3, 5n)).toBe(true);
    });

    it('goes on reading back after a batch fetched again (records already in the window)', async () => {
      const duplicates = new DuplicateFilter(600_000);
      duplicates.reset(3, 100n, Date.now(), 0n);
      for (let offset = 0n; offset < 10n; offset += 1n) duplicates.feed(3, offset, null, Date.now());
      await processorAt(100n, duplicates).handle(fiveRecords());
      expect(resolved).toEqual(['4']);
    });

    it('moves the fetch to the position at once when nothing is read back (a replay)', async () => {
      const duplicates = new DuplicateFilter(600_000);
      duplicates.reset(3, 100n, Date.now(), 100n);
      await processorAt(100n, duplicates).handle(fiveRecords());
      expect(resolved).toEqual(['99']);
    });
  });
});
