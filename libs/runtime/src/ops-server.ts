import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface OpsOptions {
  registry: Registry;
  /** true when every dependency answers; errors count as not ready. */
  isReady: () => Promise<boolean>;
}

type OpsHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/** `/healthz`, `/readyz` and `/metrics`, the same in both apps (docs/operations.md). */
export function createOpsHandlers(options: OpsOptions): Record<'healthz' | 'readyz' | 'metrics', OpsHandler> {
  return {
    healthz: async (_req, res) => sendJson(res, 200, { status: 'ok' }),
    readyz: async (_req, res) => {
      const ready = await options.isReady().catch(() => false);
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready' });
    },
    metrics: async (_req, res) => {
      const text = await options.registry.metrics();
      res.statusCode = 200;
      res.setHeader('Content-Type', options.registry.contentType);
      res.end(text);
    },
  };
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** A bare HTTP server for the ops endpoints, for apps that serve nothing else (the consumer). */
export async function startOpsServer(
  options: OpsOptions & { port: number; host?: string },
): Promise<OpsServer> {
  const handlers = createOpsHandlers(options);
  const routes: Record<string, OpsHandler> = {
    '/healthz': handlers.healthz,
    '/readyz': handlers.readyz,
    '/metrics': handlers.metrics,
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handler = req.method === 'GET' ? routes[path] : undefined;
    if (!handler) {
      sendJson(res, 404, { error: { code: 'not_found', message: `No route ${req.method} ${path}` } });
      return;
    }
    handler(req, res).catch(() =>
      sendJson(res, 500, { error: { code: 'internal', message: 'Internal error' } }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
