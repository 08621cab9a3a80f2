import type { Response } from 'express';

/**
 * Aborts when the connection of `res` closes before its answer was sent: the client has gone, and a read
 * still waiting for it can be dropped. (`req`'s own 'close' fires once its body is read, so `res` is the one
 * that tells.)
 */
export function clientGoneSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
