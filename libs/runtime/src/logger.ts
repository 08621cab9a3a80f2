import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs on stdout; modules take `logger.child({ module })`. */
export function createLogger(options: { name: string; level: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
