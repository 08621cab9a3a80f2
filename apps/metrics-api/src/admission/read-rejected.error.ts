/**
 * Why a read never started: its project already had as many reads waiting as it may (`queue_full`), it
 * waited longer than the server lets a read wait (`queue_timeout`), or its client went away first
 * (`client_gone`).
 */
export type ReadRejection = 'queue_full' | 'queue_timeout' | 'client_gone';

export const READ_REJECTIONS: readonly ReadRejection[] = ['queue_full', 'queue_timeout', 'client_gone'];

export class ReadRejectedError extends Error {
  override readonly name = 'ReadRejectedError';

  constructor(
    readonly reason: ReadRejection,
    /** When trying again may find room, in whole seconds (what `Retry-After` says). */
    readonly retryAfterSeconds: number,
  ) {
    super(`read not started: ${reason}`);
  }
}
