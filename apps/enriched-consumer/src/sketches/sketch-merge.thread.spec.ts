import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { Registry } from 'prom-client';
import { prometheusSample } from '@metrics-store/testing';
import { SketchMergeThread } from './sketch-merge.thread';

/** A stand-in worker (plain JavaScript, no database): reports one round, then runs `then`. */
const workerThat = (then: string) => () =>
  new Worker(
    `const { parentPort, threadId } = require('node:worker_threads');
     parentPort.postMessage({ result: 'merged', seconds: 0.1, marksMerged: threadId, sketchesWritten: 1,
                              marksPending: 0, oldestMarkAgeSeconds: 0 });
     ${then}`,
    { eval: true },
  );

describe('SketchMergeThread', () => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  afterEach(() => (lines.length = 0));
  const options = { databaseUrl: 'postgres://unused', applicationName: 'test', logger };

  it('serves the rounds of its thread from the registry and ends the thread when stopped', async () => {
    const registry = new Registry();
    let spawned = 0;
    // Waits for the stop command as the real worker does, then closes its port (and so ends).
    const spawn = workerThat(`parentPort.on('message', (m) => m === 'stop' && parentPort.close());`);
    const thread = new SketchMergeThread({ ...options, registry, spawn: () => (spawned++, spawn()) });
    thread.start();
    thread.start();
    while (prometheusSample(await registry.metrics(), 'enriched_consumer_sketches_written_total') !== 1)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([thread.stop(), thread.stop()]);
    expect(spawned).toBe(1);
    // The worker's threadId: the round ran in a thread other than this one (id 0).
    expect(
      prometheusSample(await registry.metrics(), 'enriched_consumer_sketch_marks_merged_total'),
    ).toBeGreaterThan(0);
    expect(lines).toEqual([]);
  });

  it('starts a thread that ended by itself again, with a warning', async () => {
    const registry = new Registry();
    let spawned = 0;
    const spawn = workerThat(`parentPort.close();`);
    const thread = new SketchMergeThread({
      ...options,
      registry,
      restartDelayMs: 10,
      spawn: () => (spawned++, spawn()),
    });
    thread.start();
    while (spawned < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await thread.stop();
    const stoppedAt = spawned;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spawned).toBe(stoppedAt);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lines.map((line) => JSON.parse(line).msg))).toEqual(
      new Set(['sketch_merge_thread_exited']),
    );
  });
});
