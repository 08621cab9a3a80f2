import { setImmediate as nextTurn } from 'node:timers/promises';

export interface TimeSlicedOptions {
  /** Work done between two turns of the event loop, in milliseconds. */
  sliceMs: number;
  /** The clock; performance.now unless given. */
  now?: () => number;
  /** How the loop is given back; one turn (setImmediate) unless given. */
  giveBack?: () => Promise<unknown>;
}

/**
 * Calls `step` for every item in order, giving the event loop back whenever a slice of `sliceMs` has passed:
 * long synchronous work in a background task (a merge of thousands of sketches) then delays the process's
 * I/O callbacks, timers and HTTP answers by at most about one slice, not by the whole task.
 */
export async function forEachTimeSliced<T>(
  items: Iterable<T>,
  step: (item: T) => void,
  options: TimeSlicedOptions,
): Promise<void> {
  const now = options.now ?? (() => performance.now());
  const giveBack = options.giveBack ?? (() => nextTurn());
  let sliceStarted = now();
  for (const item of items) {
    step(item);
    if (now() - sliceStarted >= options.sliceMs) {
      await giveBack();
      sliceStarted = now();
    }
  }
}
