import type { Logger } from './logger';

/**
 * One idempotent stop on SIGTERM/SIGINT: the first signal runs `stop` and exits 0 (1 if it failed or took
 * longer than `timeoutMs`); a second signal exits at once. A process started with an IPC channel (by `npm
 * start`, tools/src/start/app-process.ts) stops the same way when the channel closes: its parent has ended,
 * however it ended (SIGKILL included), and nothing would ever stop it otherwise.
 */
export function onShutdownSignals(stop: () => Promise<void>, logger: Logger, timeoutMs = 10_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals | 'parent_exited') => {
    if (stopping) {
      logger.warn({ signal }, 'shutdown_forced');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutdown_started');
    const timer = setTimeout(() => {
      logger.error({ timeout_ms: timeoutMs }, 'shutdown_timed_out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        logger.info('shutdown_finished');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown_failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
  if (process.channel) {
    // The channel only watches the parent: it must not keep the process alive by itself.
    process.channel.unref();
    process.once('disconnect', () => handle('parent_exited'));
  }
}
