import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { errorCodes } from 'kafkajs/src/protocol/error';
import type { Logger } from '@metrics-store/runtime';

/**
 * What a broker answers while it starts, elects leaders or moves a group's coordinator: kafkajs logs each such
 * answer as an error, then retries (or restarts the consumer) and gets through. A fresh `npm start` shows a few.
 */
const PASSING_BROKER_STATES = new Set(
  errorCodes
    .filter((error) =>
      [
        'GROUP_COORDINATOR_NOT_AVAILABLE',
        'GROUP_LOAD_IN_PROGRESS',
        'NOT_COORDINATOR_FOR_GROUP',
        'LEADER_NOT_AVAILABLE',
        'NOT_LEADER_FOR_PARTITION',
        'REBALANCE_IN_PROGRESS',
      ].includes(error.type),
    )
    .map((error) => error.message),
);

/**
 * An error line of kafkajs that describes something it recovers from by itself: a passing broker state, or
 * the consumer's crash-and-restart (the service's CRASH handler says whether it restarts or is fatal).
 */
function isRecoverable({ namespace, log }: Pick<LogEntry, 'namespace' | 'log'>): boolean {
  const error = (log as { error?: unknown }).error;
  if (typeof error === 'string' && PASSING_BROKER_STATES.has(error)) return true;
  if (namespace === 'Consumer')
    return log.message.startsWith('Crash: ') || log.message.startsWith('Restarting the consumer');
  return namespace === 'Runner' && log.message.startsWith('The coordinator is not aware of this member');
}

/**
 * Sends kafkajs's own log lines through pino, so the process writes one log stream. Errors kafkajs recovers
 * from become warnings without a stack: a normal start writes no error line.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ module: 'kafkajs' });
  return () => (entry) => {
    const { namespace, level } = entry;
    // pino stamps its own time, and the module says kafkajs already.
    const {
      message,
      timestamp: _timestamp,
      logger: _logger,
      ...fields
    } = entry.log as LogEntry['log'] & {
      logger?: unknown;
    };
    const line = { namespace, ...fields };
    if (level === logLevel.ERROR && isRecoverable(entry)) {
      delete (line as { stack?: unknown }).stack;
      kafkaLogger.warn(line, message);
    } else if (level === logLevel.ERROR) kafkaLogger.error(line, message);
    else if (level === logLevel.WARN) kafkaLogger.warn(line, message);
    else if (level === logLevel.INFO) kafkaLogger.info(line, message);
    else kafkaLogger.debug(line, message);
  };
}
