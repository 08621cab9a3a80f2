import pino from 'pino';
import type { LogFormat } from '@metrics-store/metrics-contract';
import { prettyLogDestination } from './pretty-log.destination';
import { stdoutDestination } from './stdout.destination';

export type Logger = pino.Logger;

/**
 * JSON logs on stdout, or lines for people with `format: 'pretty'`; modules take `logger.child({ module })`.
 * Either way a line that cannot be written is dropped (stdout.destination.ts): logging never throws.
 */
export function createLogger(options: { name: string; level: string; format?: LogFormat }): Logger {
  const settings: pino.LoggerOptions = {
    name: options.name,
    level: options.level,
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(settings, options.format === 'pretty' ? prettyLogDestination() : stdoutDestination());
}
