import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Registry } from 'prom-client';
import type { Logger } from '@metrics-store/runtime';
import type { SketchMergeCommand, SketchMergeWorkerData } from './sketch-merge.worker';
import { createSketchRoundRecorder, type SketchRoundReport } from './sketch-round.report';

export interface SketchMergeThreadOptions extends SketchMergeWorkerData {
  logger: Logger;
  registry: Registry;
  /** Wait before a thread that ended on its own is started again; default 5 s. */
  restartDelayMs?: number;
  /** How the thread is started; default the worker beside this file (bundled or source). */
  spawn?: (data: SketchMergeWorkerData) => Worker;
}

const DEFAULT_RESTART_DELAY_MS = 5_000;
// A round in flight is let finish; one that hangs past this is cut off (its marks are merged again later).
const STOP_GRACE_MS = 30_000;
const WORKER_FILE = 'sketch-merge.worker';

/**
 * The worker script: the bundle's own entry point, `sketches/sketch-merge.worker.js` beside main.js
 * (`npx nx build`), else this folder's TypeScript source run through tsx (tests, development).
 */
export function spawnSketchMergeWorker(data: SketchMergeWorkerData): Worker {
  const bundled = join(__dirname, 'sketches', `${WORKER_FILE}.js`);
  if (existsSync(bundled)) return new Worker(bundled, { workerData: data });
  const source = join(__dirname, `${WORKER_FILE}.ts`);
  const tsconfig = join(__dirname, '..', '..', '..', '..', 'tsconfig.base.json');
  // tsx is resolved from the source's folder (eval code has no module path of its own) and reads the path
  // aliases from the tsconfig named in the thread's own copy of the environment.
  const load = `process.env.TSX_TSCONFIG_PATH = ${JSON.stringify(tsconfig)};
    const from = require('node:module').createRequire(${JSON.stringify(source)});
    from('tsx/cjs'); from(${JSON.stringify(source)});`;
  return new Worker(load, { eval: true, workerData: data });
}

/**
 * Runs the sketch merger (SketchMergeLoop) in a worker thread of its own, so that its CPU work never holds
 * the consumer's event loop, and serves its reports from the consumer's registry and logger. A thread that
 * ends by itself (it should not) is a warning and is started again: sketches are derived data, their marks
 * wait.
 */
export class SketchMergeThread {
  private readonly record: (report: SketchRoundReport) => void;
  private readonly logger: Logger;
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: SketchMergeThreadOptions) {
    this.logger = options.logger.child({ module: 'sketch-merge' });
    this.record = createSketchRoundRecorder(options.registry, this.logger);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startWorker();
  }

  /** Lets the round in flight finish and ends the thread; idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.restartTimer);
    const { worker, exited } = this;
    if (!worker || !exited) return;
    worker.postMessage('stop' satisfies SketchMergeCommand);
    const cutOff = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(cutOff);
  }

  private startWorker(): void {
    const { logger: _logger, registry: _registry, restartDelayMs: _delay, spawn, ...data } = this.options;
    const worker = (spawn ?? spawnSketchMergeWorker)(data);
    this.worker = worker;
    worker.on('message', (report: SketchRoundReport) => this.record(report));
    worker.on('error', (error) => this.logger.warn({ err: error }, 'sketch_merge_thread_failed'));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        resolve();
        if (!this.running) return;
        this.logger.warn({ exit_code: code }, 'sketch_merge_thread_exited');
        this.restartTimer = setTimeout(
          () => this.running && this.startWorker(),
          this.options.restartDelayMs ?? DEFAULT_RESTART_DELAY_MS,
        );
      }),
    );
  }
}
