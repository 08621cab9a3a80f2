import { parentPort, workerData } from 'node:worker_threads';
import { createMetricsStore, type MetricsStore } from '@metrics-store/metrics-db';
import { SketchMergeLoop } from './sketch-merge.loop';
import type { SketchRoundReport } from './sketch-round.report';

/** What the consumer hands its merger thread (sketch-merge.thread.ts). */
export interface SketchMergeWorkerData {
  databaseUrl: string;
  applicationName: string;
  intervalMs?: number;
}

/** Messages from the consumer to the thread. */
export type SketchMergeCommand = 'stop';

const RETRY_CONNECT_MS = 1_000;

/*
 * The sketch merger's own thread: building, decoding and unioning sketches is CPU work that, on the
 * consumer's event loop, delayed every flush behind it. It has its own pool (one connection: a round uses
 * one at a time) and sends each round's report to the consumer, whose registry and logger serve them.
 */
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const data = workerData as SketchMergeWorkerData;
  const report = (round: SketchRoundReport) => port.postMessage(round);
  let stopping = false;
  let loop: SketchMergeLoop | undefined;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    port.on('message', (command: SketchMergeCommand) => {
      if (command !== 'stop') return;
      stopping = true;
      wake();
      resolve();
    });
  });

  let store: MetricsStore | undefined;
  while (!stopping && store === undefined) {
    store = await createMetricsStore({
      databaseUrl: data.databaseUrl,
      poolSize: 1,
      applicationName: data.applicationName,
    }).catch((error: Error) => {
      report({ result: 'failed', error: { name: error.name, message: error.message } });
      return undefined;
    });
    if (store === undefined)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RETRY_CONNECT_MS);
        wake = () => (clearTimeout(timer), resolve());
      });
  }
  if (store !== undefined) {
    loop = new SketchMergeLoop({ store, onRound: report, intervalMs: data.intervalMs });
    if (!stopping) loop.start();
    await stopped;
    await loop.stop();
    await store.close();
  }
  port.close();
}

if (parentPort) void main(parentPort);
