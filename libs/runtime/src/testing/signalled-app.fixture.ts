/**
 * The smallest app that stops the way the apps do (createLogger, onShutdownSignals), for the specs that send
 * it signals, close its stdout or kill its parent. `LOG_FORMAT` picks the log format; it says `app_ready` on
 * stdout once its handlers are in place, and `stop_ran` on stderr when its stop runs.
 */
import type { LogFormat } from '@metrics-store/metrics-contract';
import { createLogger } from '../logger';
import { onShutdownSignals } from '../shutdown-signals';

const logger = createLogger({
  name: 'signalled-app',
  level: 'info',
  format: process.env.LOG_FORMAT as LogFormat | undefined,
});
onShutdownSignals(async () => {
  process.stderr.write('stop_ran\n');
}, logger);
// Stands for a server, which keeps the process alive until it is stopped, and logs nothing meanwhile: the
// first line after stdout is gone is then the signal handler's own.
setInterval(() => undefined, 60_000);
logger.info('app_ready');
