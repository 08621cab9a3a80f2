import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Level } from 'pino';
import type { Logger } from '@metrics-store/runtime';

declare module 'http' {
  interface IncomingMessage {
    /** The caller's `X-Request-Id` when short and plain, else a new UUID; echoed back. */
    id: string;
    /** The access logger, for handlers that log about a request (with `request_id`). */
    log: Logger;
  }
}

// A caller's id is reused only when it is short and plain, so it cannot forge log lines or bloat them.
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Headers never enter a line, so neither a key nor a cookie can reach the logs. */
function describeRequest(req: IncomingMessage) {
  return { id: req.id, method: req.method, url: req.url, remoteAddress: req.socket.remoteAddress };
}

/**
 * A 429 is the server doing its job (info) and a 503 is shed load or a database away, which the metrics and
 * /readyz show (warn): under a flood, neither may turn every refused request into an alarm.
 */
function levelOf(finished: boolean, status: number): Level {
  if (!finished) return 'warn';
  if (status === 429) return 'info';
  if (status === 503) return 'warn';
  if (status >= 500) return 'error';
  return status >= 400 ? 'warn' : 'info';
}

/**
 * Access logs with a request id: one line per request once it ends, `request_finished` at info (warn for a
 * 4xx but 429), `request_failed` at error for a 5xx (warn for a 503), `request_aborted` at warn when the
 * client left first. Nothing
 * per request (no child logger, no serialized request) is built unless its line is written: on a shared
 * answer, that would be a large share of the request's CPU.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const log = logger.child({ module: 'http' });
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.log = log;
    res.setHeader('X-Request-Id', req.id);
    const started = Date.now();
    res.once('close', () => {
      const finished = res.writableFinished;
      const status = res.statusCode;
      const level = levelOf(finished, status);
      if (!log.isLevelEnabled(level)) return;
      const message = !finished ? 'request_aborted' : status >= 500 ? 'request_failed' : 'request_finished';
      log[level](
        { req: describeRequest(req), res: { statusCode: status }, responseTime: Date.now() - started },
        message,
      );
    });
    next();
  };
}
