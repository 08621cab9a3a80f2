import type { SketchMergeOptions, SketchMergeResult } from '@metrics-store/metrics-db';
import { SketchMergeLoop } from './sketch-merge.loop';
import type { SketchRoundReport } from './sketch-round.report';

const merged = (more: boolean): SketchMergeResult => ({
  status: 'merged',
  dayMarks: 3,
  periodMarks: 2,
  sketchesWritten: 4,
  more,
});

/** A store that answers the rounds in `script` order (a function throws), then has nothing to do. */
function scriptedStore(script: (SketchMergeResult | (() => never))[]) {
  const calls: number[] = [];
  const options: (SketchMergeOptions | undefined)[] = [];
  return {
    calls,
    options,
    mergeSketches: async (round?: SketchMergeOptions) => {
      calls.push(Date.now());
      options.push(round);
      const next = script.shift() ?? { status: 'busy' };
      return typeof next === 'function' ? next() : next;
    },
    sketchMarkStats: async () => ({ pending: 7, oldestAgeSeconds: 1.5 }),
  };
}

describe('SketchMergeLoop', () => {
  const reports: SketchRoundReport[] = [];
  const onRound = (report: SketchRoundReport) => reports.push(report);
  afterEach(() => (reports.length = 0));

  const waitForCalls = async (store: { calls: number[] }, count: number) => {
    while (store.calls.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('runs again at once while marks remain, then pauses; reports what each round did', async () => {
    const store = scriptedStore([merged(true), merged(true), merged(false)]);
    // An interval far longer than the test: every round seen here came without a pause.
    const loop = new SketchMergeLoop({ store, onRound, intervalMs: 600_000 });
    loop.start();
    await waitForCalls(store, 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await loop.stop();
    expect(store.calls).toHaveLength(3);
    expect(reports).toHaveLength(3);
    for (const report of reports)
      expect(report).toEqual({
        result: 'merged',
        seconds: expect.any(Number),
        marksMerged: 5,
        sketchesWritten: 4,
        marksPending: 7,
        oldestMarkAgeSeconds: 1.5,
      });
  });

  it('takes short rounds of 512 marks unless told otherwise', async () => {
    // A mark made during a round waits for the next one: a round of the store's 2,000 marks made it wait seconds.
    for (const [maxMarks, expected] of [
      [undefined, 512],
      [50, 50],
    ] as const) {
      const store = scriptedStore([merged(false)]);
      const loop = new SketchMergeLoop({
        store,
        onRound,
        intervalMs: 600_000,
        maxMarks,
      });
      loop.start();
      await waitForCalls(store, 1);
      await loop.stop();
      expect(store.options).toEqual([{ maxMarks: expected }]);
    }
  });

  it('reports a failed round and tries again next round', async () => {
    const store = scriptedStore([
      () => {
        throw new Error('connection terminated');
      },
      merged(false),
    ]);
    const loop = new SketchMergeLoop({ store, onRound, intervalMs: 10 });
    loop.start();
    await waitForCalls(store, 2);
    await loop.stop();
    expect(reports.map((report) => report.result)).toEqual(['failed', 'merged']);
    expect(reports[0]).toEqual({
      result: 'failed',
      error: { name: 'Error', message: 'connection terminated' },
    });
  });

  it('ends its pause when stopped, and stop is idempotent', async () => {
    const store = scriptedStore([]);
    const loop = new SketchMergeLoop({ store, onRound, intervalMs: 600_000 });
    loop.start();
    await waitForCalls(store, 1);
    // Resolves although the pause has ten minutes to go.
    await Promise.all([loop.stop(), loop.stop()]);
    expect(store.calls).toHaveLength(1);
  });
});
