import { ReadRejectedError, type ReadRejection } from './read-rejected.error';
import { ReadScheduler, type ReadSchedulerOptions } from './read.scheduler';

/** Reads that finish when the test says so, recording the order in which they started. */
function controlledReads() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const read = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      finishers.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    const done = finishers.get(name);
    if (!done) throw new Error(`${name} has not started`);
    done();
    // Let the scheduler's bookkeeping (promise callbacks) run.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, read, finish };
}

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'started',
    (error: unknown) => (error instanceof ReadRejectedError ? error.reason : `other: ${String(error)}`),
  );

const options = (overrides: Partial<ReadSchedulerOptions> = {}): ReadSchedulerOptions => ({
  concurrency: 2,
  concurrencyPerLane: 2,
  queuePerLane: 10,
  maxWaitMs: 60_000,
  ...overrides,
});

describe('ReadScheduler', () => {
  it('runs up to its concurrency at once and starts the others as slots free', async () => {
    const { started, read, finish } = controlledReads();
    const scheduler = new ReadScheduler(options());
    const results = ['a1', 'a2', 'a3'].map((name) => scheduler.run('A', read(name)));
    expect(started).toEqual(['a1', 'a2']);
    expect([scheduler.running, scheduler.waiting]).toEqual([2, 1]);
    await finish('a1');
    expect(started).toEqual(['a1', 'a2', 'a3']);
    await finish('a2');
    await finish('a3');
    await expect(Promise.all(results)).resolves.toEqual(['a1', 'a2', 'a3']);
    expect([scheduler.running, scheduler.waiting, scheduler.waitingLanes]).toEqual([0, 0, 0]);
  });

  it('gives free slots to the waiting lanes in turn, whatever order their reads came in', async () => {
    const { started, read, finish } = controlledReads();
    const scheduler = new ReadScheduler(options({ concurrency: 1, concurrencyPerLane: 1 }));
    scheduler.run('A', read('a0'));
    // A floods first; B and C come later with fewer reads.
    for (const name of ['a1', 'a2', 'a3', 'a4']) scheduler.run('A', read(name));
    scheduler.run('B', read('b1'));
    scheduler.run('B', read('b2'));
    scheduler.run('C', read('c1'));
    for (const name of ['a0', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']) await finish(name);
    expect(started).toEqual(['a0', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
  });

  it('keeps a lane to its own share of the slots, so another lane starts at once', async () => {
    const { started, read, finish } = controlledReads();
    const scheduler = new ReadScheduler(options({ concurrency: 3, concurrencyPerLane: 2 }));
    const reads = ['a1', 'a2', 'a3', 'a4'].map((name) => scheduler.run('A', read(name)));
    expect(started).toEqual(['a1', 'a2']);
    reads.push(scheduler.run('B', read('b1')));
    expect(started).toEqual(['a1', 'a2', 'b1']);
    expect(scheduler.waiting).toBe(2);
    // Every read ends here: one left waiting would be refused by its timer long after this test, unheard.
    for (const name of ['a1', 'a2', 'b1', 'a3', 'a4']) await finish(name);
    await expect(Promise.all(reads)).resolves.toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
  });

  it('refuses a read over its lane queue at once as queue_full, without touching the other lanes', async () => {
    const { started, read, finish } = controlledReads();
    const rejected: ReadRejection[] = [];
    const scheduler = new ReadScheduler(options({ concurrency: 1, concurrencyPerLane: 1, queuePerLane: 2 }), {
      started: () => undefined,
      rejected: (reason) => rejected.push(reason),
    });
    scheduler.run('A', read('a1'));
    const queued = [scheduler.run('A', read('a2')), scheduler.run('A', read('a3'))];
    const over = scheduler.run('A', read('a4'));
    await expect(over).rejects.toMatchObject({ reason: 'queue_full', retryAfterSeconds: 60 });
    const other = scheduler.run('B', read('b1'));
    expect(scheduler.waiting).toBe(3);
    await finish('a1');
    await finish('a2');
    await finish('b1');
    await finish('a3');
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    await expect(Promise.all([...queued, other])).resolves.toEqual(['a2', 'a3', 'b1']);
    expect(rejected).toEqual(['queue_full']);
  });

  it('never queues with queuePerLane 0', async () => {
    const { read } = controlledReads();
    const scheduler = new ReadScheduler(options({ concurrency: 1, queuePerLane: 0 }));
    scheduler.run('A', read('a1'));
    expect(await reasonOf(scheduler.run('B', read('b1')))).toBe('queue_full');
  });

  describe('with fake timers', () => {
    beforeEach(() => jest.useFakeTimers({ now: 0, doNotFake: ['setImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('refuses a read that waited maxWaitMs as queue_timeout, and reports how long started reads waited', async () => {
      const { started, read, finish } = controlledReads();
      const waits: number[] = [];
      const scheduler = new ReadScheduler(options({ concurrency: 1, maxWaitMs: 1_500 }), {
        started: (waited) => waits.push(waited),
        rejected: () => undefined,
      });
      scheduler.run('A', read('a1'));
      const late = reasonOf(scheduler.run('A', read('a2')));
      jest.advanceTimersByTime(400);
      const onTime = scheduler.run('B', read('b1'));
      jest.advanceTimersByTime(1_099);
      expect(scheduler.waiting).toBe(2);
      jest.advanceTimersByTime(1);
      expect(await late).toBe('queue_timeout');
      expect(scheduler.waiting).toBe(1);
      jest.advanceTimersByTime(100);
      await finish('a1');
      expect(started).toEqual(['a1', 'b1']);
      await finish('b1');
      await expect(onTime).resolves.toBe('b1');
      expect(waits).toEqual([0, 1_200]);
    });
  });

  it('drops a waiting read whose signal aborts before it starts, and never starts it', async () => {
    const { started, read, finish } = controlledReads();
    const scheduler = new ReadScheduler(options({ concurrency: 1 }));
    scheduler.run('A', read('a1'));
    const client = new AbortController();
    const gone = reasonOf(scheduler.run('A', read('a2'), client.signal));
    const kept = scheduler.run('A', read('a3'));
    client.abort();
    expect(await gone).toBe('client_gone');
    expect(scheduler.waiting).toBe(1);
    await finish('a1');
    await finish('a3');
    expect(started).toEqual(['a1', 'a3']);
    await expect(kept).resolves.toBe('a3');
    // Aborted before it even asked: never queued.
    expect(await reasonOf(scheduler.run('A', read('a4'), AbortSignal.abort()))).toBe('client_gone');
    expect(started).not.toContain('a4');
  });

  it('lets a started read finish when its signal aborts, and frees its slot for the next', async () => {
    const { started, read, finish } = controlledReads();
    const scheduler = new ReadScheduler(options({ concurrency: 1 }));
    const client = new AbortController();
    const running = scheduler.run('A', read('a1'), client.signal);
    const next = scheduler.run('B', read('b1'));
    client.abort();
    await finish('a1');
    await expect(running).resolves.toBe('a1');
    expect(started).toEqual(['a1', 'b1']);
    await finish('b1');
    await expect(next).resolves.toBe('b1');
  });

  it('frees the slot of a read that fails, passing its error on', async () => {
    const { started, read, finish } = controlledReads();
    const scheduler = new ReadScheduler(options({ concurrency: 1 }));
    const failing = scheduler.run('A', () => Promise.reject(new Error('database down')));
    const next = scheduler.run('A', read('a2'));
    await expect(failing).rejects.toThrow('database down');
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a2']);
    await finish('a2');
    await expect(next).resolves.toBe('a2');
  });

  it('refuses options that are not positive integers', () => {
    expect(() => new ReadScheduler(options({ concurrency: 0 }))).toThrow(RangeError);
    expect(() => new ReadScheduler(options({ concurrencyPerLane: 1.5 }))).toThrow(RangeError);
    expect(() => new ReadScheduler(options({ queuePerLane: -1 }))).toThrow(RangeError);
    expect(() => new ReadScheduler(options({ maxWaitMs: 0 }))).toThrow(RangeError);
  });
});
