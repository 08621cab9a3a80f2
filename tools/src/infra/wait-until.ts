/** Thrown from a check to end the wait at once (the thing waited for can no longer happen). */
export class StopWaiting extends Error {}

/** Polls `check` until it returns true; throws with `what` after `timeoutMs`. Other errors count as "not yet". */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
