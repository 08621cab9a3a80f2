import { ReadRejectedError, type ReadRejection } from './read-rejected.error';

export interface ReadSchedulerOptions {
  /** Reads running at once, all lanes together. */
  concurrency: number;
  /** Reads one lane may run at once; below `concurrency`, it keeps room for the other lanes' reads. */
  concurrencyPerLane: number;
  /** Reads one lane may have waiting; one more is refused at once (`queue_full`). */
  queuePerLane: number;
  /** How long a read may wait for its turn before it is refused (`queue_timeout`). */
  maxWaitMs: number;
}

/** What the scheduler reports as it goes, for its metrics. */
export interface ReadSchedulerObserver {
  started(waitedMs: number): void;
  rejected(reason: ReadRejection): void;
}

interface Waiter {
  start(): void;
}

interface Lane {
  readonly id: string;
  readonly waiting: Waiter[];
  running: number;
}

const NO_OBSERVER: ReadSchedulerObserver = { started: () => undefined, rejected: () => undefined };

function positiveInteger(name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}`);
}

/**
 * Admission control for the reads that touch the database. A fixed number run at once; the others wait in
 * one queue per lane (a project, or the admin routes), and each free slot goes to the next lane in turn
 * that may start one, so a flooding lane gets its share and never the whole server. A lane also runs at
 * most `concurrencyPerLane` reads: a slot held by a slow read cannot be taken back, so without that cap a
 * lane that filled every slot would make the next lane's read wait for one of them to finish.
 *
 * Waiting is bounded in count (`queue_full`, answered 429) and in time (`queue_timeout`, answered 503), and
 * a waiting read whose client has gone (its AbortSignal) is dropped before it starts. A read that has
 * started runs to its end: the database's statement timeout bounds it.
 */
export class ReadScheduler {
  private runningTotal = 0;
  private waitingTotal = 0;
  private readonly lanes = new Map<string, Lane>();
  // Lanes with reads waiting, in turn order: a lane that just started a read goes to the back.
  private readonly turns = new Map<string, Lane>();
  private readonly retryAfterSeconds: number;

  constructor(
    private readonly options: ReadSchedulerOptions,
    private readonly observer: ReadSchedulerObserver = NO_OBSERVER,
    private readonly now: () => number = Date.now,
  ) {
    positiveInteger('concurrency', options.concurrency);
    positiveInteger('concurrencyPerLane', options.concurrencyPerLane);
    positiveInteger('queuePerLane', options.queuePerLane, 0);
    positiveInteger('maxWaitMs', options.maxWaitMs);
    this.retryAfterSeconds = Math.max(1, Math.ceil(options.maxWaitMs / 1000));
  }

  get running(): number {
    return this.runningTotal;
  }

  get waiting(): number {
    return this.waitingTotal;
  }

  /** Lanes with at least one read waiting. */
  get waitingLanes(): number {
    return this.turns.size;
  }

  /** Runs `read` in its lane's turn; rejects with ReadRejectedError when it cannot start in time or at all. */
  run<T>(laneId: string, read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(this.rejection('client_gone'));
    const lane = this.laneOf(laneId);
    if (lane.waiting.length === 0 && this.hasRoomFor(lane)) return this.start(lane, read, 0);
    if (lane.waiting.length >= this.options.queuePerLane) {
      this.dropIfIdle(lane);
      return Promise.reject(this.rejection('queue_full'));
    }
    return this.enqueue(lane, read, signal);
  }

  private enqueue<T>(lane: Lane, read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const enqueuedAt = this.now();
      const timer = setTimeout(() => leave('queue_timeout'), this.options.maxWaitMs);
      timer.unref?.();
      const onAbort = () => leave('client_gone');
      const cleanUp = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        start: () => {
          cleanUp();
          this.start(lane, read, this.now() - enqueuedAt).then(resolve, reject);
        },
      };
      const leave = (reason: ReadRejection) => {
        const at = lane.waiting.indexOf(waiter);
        if (at === -1) return;
        lane.waiting.splice(at, 1);
        this.waitingTotal--;
        if (lane.waiting.length === 0) this.turns.delete(lane.id);
        this.dropIfIdle(lane);
        cleanUp();
        reject(this.rejection(reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      lane.waiting.push(waiter);
      this.waitingTotal++;
      if (!this.turns.has(lane.id)) this.turns.set(lane.id, lane);
    });
  }

  private async start<T>(lane: Lane, read: () => Promise<T>, waitedMs: number): Promise<T> {
    this.runningTotal++;
    lane.running++;
    this.observer.started(waitedMs);
    try {
      return await read();
    } finally {
      this.runningTotal--;
      lane.running--;
      this.dropIfIdle(lane);
      this.dispatch();
    }
  }

  /** Hands free slots to waiting reads, one lane at a time in turn order. */
  private dispatch(): void {
    while (this.runningTotal < this.options.concurrency && this.turns.size > 0) {
      let next: Lane | undefined;
      for (const lane of this.turns.values()) {
        if (lane.running < this.options.concurrencyPerLane) {
          next = lane;
          break;
        }
      }
      if (!next) return;
      const waiter = next.waiting.shift() as Waiter;
      this.waitingTotal--;
      this.turns.delete(next.id);
      if (next.waiting.length > 0) this.turns.set(next.id, next);
      waiter.start();
    }
  }

  private hasRoomFor(lane: Lane): boolean {
    return this.runningTotal < this.options.concurrency && lane.running < this.options.concurrencyPerLane;
  }

  private laneOf(id: string): Lane {
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { id, waiting: [], running: 0 };
      this.lanes.set(id, lane);
    }
    return lane;
  }

  private dropIfIdle(lane: Lane): void {
    if (lane.running === 0 && lane.waiting.length === 0) this.lanes.delete(lane.id);
  }

  private rejection(reason: ReadRejection): ReadRejectedError {
    this.observer.rejected(reason);
    return new ReadRejectedError(reason, this.retryAfterSeconds);
  }
}
