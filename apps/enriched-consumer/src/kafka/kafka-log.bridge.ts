import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '@metrics-store/runtime';

/** Sends kafkajs's own log lines through pino, so the process writes one JSON log stream. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ module: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...fields } = log;
      const line = { namespace, ...fields };
      if (level === logLevel.ERROR) kafkaLogger.error(line, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(line, message);
      else if (level === logLevel.INFO) kafkaLogger.info(line, message);
      else kafkaLogger.debug(line, message);
    };
}
