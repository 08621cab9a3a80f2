/** Thrown when a retry loop gives up because the work it serves was abandoned (consumer stopping, stale batch). */
export class AbandonedError extends Error {
  override readonly name = 'AbandonedError';
}

export interface RetryOptions {
  /** false once the work no longer matters; checked before every attempt. */
  isActive: () => boolean;
  /** Whether this error may go away by itself; others are rethrown at once. */
  isRetriable: (error: unknown) => boolean;
  /** Called after each failed attempt, before the pause (logging, heartbeats). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => Promise<void> | void;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` until it succeeds, backing off exponentially (with jitter, so that several consumers do not
 * hammer a recovering database in step) for as long as the caller is active. There is deliberately no
 * attempt limit: giving up would mean skipping or crash-looping, and the supervisor cannot fix an outage.
 */
export async function retryWithBackoff<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const initialDelayMs = options.initialDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  for (let attempt = 1; ; attempt += 1) {
    if (!options.isActive()) throw new AbandonedError('abandoned before the work succeeded');
    try {
      return await work();
    } catch (error) {
      if (!options.isRetriable(error)) throw error;
      const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 16));
      const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      await options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
