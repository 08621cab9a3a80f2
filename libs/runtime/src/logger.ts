import pino from 'pino';
import type { LogFormat } from '@metrics-store/metrics-contract';
import { prettyLogDestination } from './pretty-log.destination';

export type Logger = pino.Logger;

/** JSON logs on stdout, or lines for people with `format: 'pretty'`; modules take `logger.child({ module })`. */
export function createLogger(options: { name: string; level: string; format?: LogFormat }): Logger {
  const settings: pino.LoggerOptions = {
    name: options.name,
    level: options.level,
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.format === 'pretty' ? pino(settings, prettyLogDestination()) : pino(settings);
}
