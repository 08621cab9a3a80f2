import pino from 'pino';
import { Registry } from 'prom-client';
import type { SketchMergeOptions, SketchMergeResult } from '@metrics-store/metrics-db';
import { prometheusSample } from '@metrics-store/testing';
import { SketchMergeLoop } from './sketch-merge.loop';

const merged = (more: boolean): SketchMergeResult => ({
  status: 'merged',
  deltas: 2,
  keys: 5,
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
    sketchBacklog: async () => ({ deltas: 3, keys: 7, oldestAgeSeconds: 1.5 }),
  };
}

describe('SketchMergeLoop', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  afterEach(() => (lines.length = 0));

  const waitForCalls = async (store: { calls: number[] }, count: number) => {
    while (store.calls.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('runs again at once while keys remain, then pauses; exports what the rounds did', async () => {
    const store = scriptedStore([merged(true), merged(true), merged(false)]);
    const registry = new Registry();
    // An interval far longer than the test: every round seen here came without a pause.
    const loop = new SketchMergeLoop({ store, logger, registry, intervalMs: 600_000 });
    loop.start();
    await waitForCalls(store, 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await loop.stop();
    expect(store.calls).toHaveLength(3);
    const text = await registry.metrics();
    expect(prometheusSample(text, 'enriched_consumer_sketch_merge_rounds_total{result="merged"}')).toBe(3);
    expect(prometheusSample(text, 'enriched_consumer_sketch_keys_merged_total')).toBe(15);
    expect(prometheusSample(text, 'enriched_consumer_sketches_written_total')).toBe(12);
    expect(prometheusSample(text, 'enriched_consumer_sketch_keys_pending')).toBe(7);
    expect(prometheusSample(text, 'enriched_consumer_sketch_oldest_key_age_seconds')).toBe(1.5);
  });

  it("leaves a round's size to the store unless told otherwise", async () => {
    for (const [maxKeys, expected] of [
      [undefined, {}],
      [50, { maxKeys: 50 }],
    ] as const) {
      const store = scriptedStore([merged(false)]);
      const loop = new SketchMergeLoop({
        store,
        logger,
        registry: new Registry(),
        intervalMs: 600_000,
        maxKeys,
      });
      loop.start();
      await waitForCalls(store, 1);
      await loop.stop();
      expect(store.options).toEqual([expected]);
    }
  });

  it('logs a failed round as a warning and tries again next round', async () => {
    const store = scriptedStore([
      () => {
        throw new Error('connection terminated');
      },
      merged(false),
    ]);
    const registry = new Registry();
    const loop = new SketchMergeLoop({ store, logger, registry, intervalMs: 10 });
    loop.start();
    await waitForCalls(store, 2);
    await loop.stop();
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['sketch_merge_failed']);
    const text = await registry.metrics();
    expect(prometheusSample(text, 'enriched_consumer_sketch_merge_rounds_total{result="failed"}')).toBe(1);
    expect(prometheusSample(text, 'enriched_consumer_sketch_merge_rounds_total{result="merged"}')).toBe(1);
  });

  it('ends its pause when stopped, and stop is idempotent', async () => {
    const store = scriptedStore([]);
    const loop = new SketchMergeLoop({ store, logger, registry: new Registry(), intervalMs: 600_000 });
    loop.start();
    await waitForCalls(store, 1);
    // Resolves although the pause has ten minutes to go.
    await Promise.all([loop.stop(), loop.stop()]);
    expect(store.calls).toHaveLength(1);
  });
});
