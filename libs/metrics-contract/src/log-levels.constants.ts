/** The values of `LOG_LEVEL` (docs/operations.md): pino's levels, `silent` included. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The values of `LOG_FORMAT` (docs/operations.md): JSON lines for machines, `pretty` for people. */
export const LOG_FORMATS = ['json', 'pretty'] as const;

export type LogFormat = (typeof LOG_FORMATS)[number];
