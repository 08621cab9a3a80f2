const KAFKAJS_FRAME = /[\\/]node_modules[\\/]kafkajs[\\/]/;
let installed = false;

/**
 * kafkajs 2.2.4, its last release, arms a timer for `throttledUntil - Date.now()` before any broker has
 * throttled it: a negative delay, which Node runs after 1 ms as it always has, but which Node 24 also reports
 * on stderr as a TimeoutNegativeWarning (kafkajs issue 1751), once per process at the first negative delay.
 * This drops that warning when a kafkajs frame raised it, so that a process prints on Node 24 what it printed
 * on Node 20; raised by any other code, it is printed as before. For the processes that use kafkajs and whose
 * stderr people read; idempotent.
 */
export function ignoreKafkajsNegativeTimeouts(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((...args: unknown[]) => {
    const [, typeOrOptions] = args;
    const type =
      typeof typeOrOptions === 'string'
        ? typeOrOptions
        : (typeOrOptions as { type?: unknown } | undefined)?.type;
    if (type === 'TimeoutNegativeWarning' && KAFKAJS_FRAME.test(new Error().stack ?? '')) return;
    emitWarning(...args);
  }) as typeof process.emitWarning;
}
