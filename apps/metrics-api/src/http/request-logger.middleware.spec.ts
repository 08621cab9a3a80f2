import { setImmediate as nextTurn } from 'node:timers/promises';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { requestLogger } from './request-logger.middleware';

type Line = Record<string, unknown> & { level: number; msg: string };

function loggedApp(level: string) {
  const lines: Line[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Line) });
  const app = express();
  app.use(requestLogger(logger));
  app.get('/ok', (_req, res) => res.json({ ok: true }));
  app.get('/missing', (_req, res) => res.status(404).json({}));
  app.get('/boom', (_req, res) => res.status(500).json({}));
  app.get('/limited', (_req, res) => res.status(429).json({}));
  app.get('/unavailable', (_req, res) => res.status(503).json({}));
  // The line is written when the response closes, a turn of the event loop after the answer left.
  const settled = async (count: number) => {
    for (let turn = 0; turn < 100 && lines.length < count; turn++) await nextTurn();
    return lines;
  };
  return { app, settled };
}

describe('requestLogger', () => {
  it('writes one request_finished line per answer, with the request id and without any header', async () => {
    const { app, settled } = loggedApp('info');
    const res = await request(app).get('/ok?x=1').set('Authorization', 'Bearer mk_secret-key-value');
    expect(res.status).toBe(200);
    const [line] = await settled(1);
    expect(line).toMatchObject({
      level: 30,
      msg: 'request_finished',
      module: 'http',
      req: { id: res.headers['x-request-id'], method: 'GET', url: '/ok?x=1' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(line)).not.toContain('mk_secret');
  });

  it('writes only failures above info: warn for a 4xx and a 503, error with request_failed for other 5xx', async () => {
    const { app, settled } = loggedApp('warn');
    expect((await request(app).get('/ok')).status).toBe(200);
    expect((await request(app).get('/missing')).status).toBe(404);
    // Refused by design under load: at info, so that a flood of them is no flood of warnings.
    expect((await request(app).get('/limited')).status).toBe(429);
    expect((await request(app).get('/unavailable')).status).toBe(503);
    expect((await request(app).get('/boom')).status).toBe(500);
    const lines = await settled(3);
    expect(
      lines.map((line) => [line.level, line.msg, (line.res as { statusCode: number }).statusCode]),
    ).toEqual([
      [40, 'request_finished', 404],
      [40, 'request_failed', 503],
      [50, 'request_failed', 500],
    ]);
  });
});
