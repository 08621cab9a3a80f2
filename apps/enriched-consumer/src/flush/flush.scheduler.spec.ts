import { MetricsDbError, PositionsOutOfDateError, type MetricsBatch } from '@metrics-store/metrics-db';
import { createLogger } from '@metrics-store/runtime';
import { createConsumerMetrics } from '../consumer.metrics';
import { FlushScheduler, type AcceptedSegment } from './flush.scheduler';

const segment = (partition: number, first: number, next: number): AcceptedSegment => ({
  partition,
  firstOffset: String(first),
  nextOffset: String(next),
  events: [],
  records: next - first,
  deadLetters: [],
  duplicates: 0,
  highWatermark: String(next),
});

const offsetsOf = (batch: MetricsBatch) =>
  batch.segments.map((s) => `${s.partition}:${s.firstOffset}-${s.nextOffset}`);

const letter = (partition: number, offset: number) => ({
  code: 'invalid_json' as const,
  message: 'not JSON',
  key: null,
  value: Buffer.from('{'),
  partition,
  offset: String(offset),
});

/** A scheduler over a stand-in applyBatch and positions whose stored offsets start at 0. */
function setup(options: {
  maxRecords: number;
  maxBytes?: number;
  failFirst?: boolean;
  refuseFirst?: boolean;
}) {
  const batches: MetricsBatch[] = [];
  /** What reached the DLQ and the database, in order. */
  const journal: string[] = [];
  const confirmed = new Map<number, bigint>([
    [0, 0n],
    [1, 0n],
  ]);
  const rewound: number[] = [];
  const reloaded: number[][] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const fatal: unknown[] = [];
  let running = true;
  const scheduler = new FlushScheduler({
    store: {
      applyBatch: async (batch) => {
        batches.push(batch);
        journal.push(`apply ${offsetsOf(batch).join(' ')}`);
        await gate;
        if (options.failFirst && batches.length === 1)
          throw new MetricsDbError('connection_lost', 'gone', true);
        if (options.refuseFirst && batches.length === 1)
          throw new PositionsOutOfDateError([{ partition: 0, expected: '0', stored: '5' }]);
        return {
          appliedEvents: 0,
          skippedEvents: 0,
          rowsTouched: 0,
          newDistinctKeys: 0,
          pastKeyRetention: 0,
        };
      },
    },
    deadLetters: {
      publish: async (letters) => {
        if (letters.length > 0) journal.push(`dlq ${letters.map((letter) => letter.offset).join(' ')}`);
      },
    },
    positions: {
      confirmedOf: (partition) => confirmed.get(partition),
      confirm: (partition, next) => confirmed.set(partition, next),
      rewind: (partition) => rewound.push(partition),
      storedOf: (partition) => confirmed.get(partition)?.toString(),
      reload: async (partitions) => {
        reloaded.push(partitions);
      },
    },
    metrics: createConsumerMetrics(),
    logger: createLogger({ name: 'scheduler-test', level: 'silent' }),
    groupId: 'g',
    topic: 't',
    maxRecords: options.maxRecords,
    maxBytes: options.maxBytes,
    lingerMs: 60_000,
    typeCap: { admit: async () => undefined, remember: () => undefined },
    keyRetentionDays: 401,
    isRunning: () => running,
    commitOffsets: async () => undefined,
    onFatal: (error) => fatal.push(error),
  });
  return {
    scheduler,
    batches,
    journal,
    confirmed,
    rewound,
    reloaded,
    fatal,
    hold: () => (gate = new Promise<void>((resolve) => (release = resolve))),
    release: () => release(),
    stopRunning: () => (running = false),
  };
}

const heartbeat = async () => undefined;

describe('FlushScheduler', () => {
  it('gathers segments of several partitions into one applyBatch once the set is full', async () => {
    const bed = setup({ maxRecords: 100 });
    await bed.scheduler.add(segment(0, 0, 40), false, heartbeat);
    await bed.scheduler.add(segment(1, 0, 40), false, heartbeat);
    expect(bed.batches).toHaveLength(0);
    await bed.scheduler.add(segment(0, 40, 60), false, heartbeat);
    await bed.scheduler.idle();
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-40', '1:0-40', '0:40-60']]);
    expect([...bed.confirmed]).toEqual([
      [0, 60n],
      [1, 40n],
    ]);
  });

  it('flushes at once when a partition is caught up, and gathers the next set meanwhile', async () => {
    const bed = setup({ maxRecords: 100 });
    bed.hold();
    await bed.scheduler.add(segment(0, 0, 5), true, heartbeat);
    await bed.scheduler.add(segment(0, 5, 7), true, heartbeat);
    await bed.scheduler.add(segment(1, 0, 3), true, heartbeat);
    bed.release();
    await bed.scheduler.idle();
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-5'], ['0:5-7', '1:0-3']]);
  });

  it('holds the caller while a full set waits for the flush in flight', async () => {
    const bed = setup({ maxRecords: 10 });
    bed.hold();
    await bed.scheduler.add(segment(0, 0, 10), false, heartbeat);
    let returned = false;
    const second = bed.scheduler.add(segment(0, 10, 20), false, heartbeat).then(() => (returned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(false);
    bed.release();
    await second;
    await bed.scheduler.idle();
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-10'], ['0:10-20']]);
  });

  it('never lets a partition skip records: after an abandoned flush its later segments are dropped and it is rewound', async () => {
    const bed = setup({ maxRecords: 10, failFirst: true });
    // The database fails, and the heartbeat between attempts finds the group rebalancing: the flush is abandoned.
    const rebalancing = async () => {
      throw new Error('rebalance in progress');
    };
    bed.hold();
    await bed.scheduler.add(segment(0, 0, 10), false, rebalancing);
    const held = bed.scheduler.add(segment(0, 10, 20), false, rebalancing);
    bed.release();
    await held;
    await bed.scheduler.add(segment(1, 0, 10), false, heartbeat);
    await bed.scheduler.idle();
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-10'], ['1:0-10']]);
    expect(bed.rewound).toEqual([0]);
    expect([...bed.confirmed]).toEqual([
      [0, 0n],
      [1, 10n],
    ]);
    expect(bed.fatal).toEqual([]);
  });

  it('names the stored offsets it continues from, and reloads every partition of a refused flush', async () => {
    const bed = setup({ maxRecords: 10, refuseFirst: true });
    bed.hold();
    await bed.scheduler.add(segment(0, 0, 5), false, heartbeat);
    await bed.scheduler.add(segment(1, 0, 5), false, heartbeat);
    // Gathered while the refused flush is in flight: it continues from positions that are out of date too.
    const later = bed.scheduler.add(segment(0, 5, 8), false, heartbeat);
    bed.release();
    await later;
    await bed.scheduler.idle();
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-5', '1:0-5']]);
    expect(bed.batches[0].expectedOffsets).toEqual(
      new Map([
        [0, '0'],
        [1, '0'],
      ]),
    );
    expect(bed.reloaded).toEqual([[0, 1]]);
    expect(bed.confirmed.get(0)).toBe(0n);
    expect(bed.fatal).toEqual([]);
  });

  it('drops a segment that starts past the stored offset instead of storing an offset beyond uncounted records', async () => {
    const bed = setup({ maxRecords: 1 });
    await bed.scheduler.add(segment(0, 5, 9), false, heartbeat);
    await bed.scheduler.add(segment(1, 0, 4), false, heartbeat);
    await bed.scheduler.idle();
    expect(bed.batches.map(offsetsOf)).toEqual([['1:0-4']]);
    expect(bed.rewound).toEqual([0]);
    expect(bed.confirmed.get(0)).toBe(0n);
  });

  it('on finish, lets the flush in flight end and counts what was gathered, though the consumer is stopping', async () => {
    const bed = setup({ maxRecords: 100 });
    bed.hold();
    await bed.scheduler.add(segment(0, 0, 40), true, heartbeat);
    await bed.scheduler.add({ ...segment(0, 40, 60), deadLetters: [letter(0, 45)] }, false, heartbeat);
    bed.stopRunning();
    const finished = bed.scheduler.finish();
    bed.release();
    await finished;
    expect(bed.journal).toEqual(['apply 0:0-40', 'dlq 45', 'apply 0:40-60']);
    expect(bed.confirmed.get(0)).toBe(60n);
  });

  it('gives the last flush on finish one attempt only, and leaves its records uncounted when it fails', async () => {
    const bed = setup({ maxRecords: 100, failFirst: true });
    await bed.scheduler.add(segment(0, 0, 10), false, heartbeat);
    bed.stopRunning();
    await bed.scheduler.finish();
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-10']]);
    expect(bed.confirmed.get(0)).toBe(0n);
    expect(bed.fatal).toEqual([]);
  });

  it('writes the dead letters of every segment of a flush before its applyBatch', async () => {
    const bed = setup({ maxRecords: 100 });
    await bed.scheduler.add({ ...segment(0, 0, 10), deadLetters: [letter(0, 3)] }, false, heartbeat);
    await bed.scheduler.add({ ...segment(1, 0, 10), deadLetters: [letter(1, 7)] }, true, heartbeat);
    await bed.scheduler.idle();
    expect(bed.journal).toEqual(['dlq 3 7', 'apply 0:0-10 1:0-10']);
  });

  it('stops gathering at the bytes of dead letters a flush may hold, and takes more once that flush is done', async () => {
    const bed = setup({ maxRecords: 1_000, maxBytes: 100 });
    const holding = (partition: number, first: number, bytes: number) => ({
      ...segment(partition, first, first + 10),
      deadLetters: [{ ...letter(partition, first), value: Buffer.alloc(bytes) }],
    });
    bed.hold();
    await bed.scheduler.add(holding(0, 0, 60), false, heartbeat);
    expect(bed.batches).toHaveLength(0);
    // 120 bytes: the set is full by its bytes, with 20 of its 1,000 records.
    await bed.scheduler.add(holding(1, 0, 60), false, heartbeat);
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-10', '1:0-10']]);
    let returned = false;
    const next = bed.scheduler.add(holding(0, 10, 120), false, heartbeat).then(() => (returned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toBe(false);
    bed.release();
    await next;
    await bed.scheduler.idle();
    expect(bed.batches.map(offsetsOf)).toEqual([['0:0-10', '1:0-10'], ['0:10-20']]);
  });
});
