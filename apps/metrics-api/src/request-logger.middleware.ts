import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '@metrics-store/runtime';

// A caller's id is reused only when it is short and plain, so it cannot forge log lines or bloat them.
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** pino-http access logs with a request id: the caller's `X-Request-Id`, else a new one; echoed back. */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger: logger.child({ module: 'http' }),
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // Keys must never reach the logs.
    redact: ['req.headers.authorization'],
    customSuccessMessage: () => 'request_finished',
    customErrorMessage: () => 'request_failed',
  });
}
