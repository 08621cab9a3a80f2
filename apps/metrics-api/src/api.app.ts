import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { createOpsHandlers, type Logger } from '@metrics-store/runtime';
import { createAdminRouter } from './routes/admin.routes';
import { createAuth } from './http/auth.middleware';
import { registerPoolMetrics } from './api.metrics';
import { createCacheMetrics } from './caches/cache.metrics';
import { createCachedReads } from './caches/cached-reads';
import { createDocsRouter } from './routes/docs.routes';
import { createExploreRouter } from './explore/explore.routes';
import { errorHandler, notFoundHandler } from './http/error.middleware';
import { httpMetrics } from './http/http-metrics.middleware';
import { createMetricsResponses } from './caches/metrics-response.cache';
import { createMetricsRouter } from './routes/metrics.routes';
import { requestLogger } from './http/request-logger.middleware';

export interface AppDeps {
  store: MetricsStore;
  /** Unset: the admin routes answer 404. */
  adminToken?: string;
  logger: Logger;
  /** Where the app's metrics go (request, cache and pool metrics; main.ts adds the process metrics). */
  registry: Registry;
  /** How long key verdicts and time zones are trusted; the contract wants a revoked key refused within 5 s. */
  keyCacheTtlMs?: number;
  /** How long identical metrics reads share one answer (see metrics-response.cache.ts); unset or 0: never. */
  readCacheMs?: number;
}

const noStore: RequestHandler = (_req, res, next) => {
  // Answers are per key and change as events arrive: caches may keep them only to revalidate by ETag.
  res.set('Cache-Control', 'private, max-age=0, must-revalidate');
  next();
};

/** The metrics API as an Express app, without a listening socket (main.ts listens; tests use supertest). */
export function createApp(deps: AppDeps): Express {
  const cacheMetrics = createCacheMetrics(deps.registry);
  registerPoolMetrics(deps.registry, deps.store);
  const reads = createCachedReads(deps.store, deps.keyCacheTtlMs ?? 2_000, cacheMetrics);
  const responses = createMetricsResponses(deps.store, reads, deps.readCacheMs ?? 0, cacheMetrics);
  const auth = createAuth({ adminToken: deps.adminToken, reads });
  const ops = createOpsHandlers({
    registry: deps.registry,
    isReady: () => deps.store.ping().then(() => true),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.set('query parser', 'simple');

  app.use(requestLogger(deps.logger), httpMetrics(deps.registry));
  app.get('/healthz', ops.healthz);
  app.get('/readyz', ops.readyz);
  app.get('/metrics', ops.metrics);
  // The page sets its own CSP and caching; the JSON API's headers below stay as they are.
  app.use(createExploreRouter());

  app.use(noStore);
  app.use(createDocsRouter());
  app.use(createMetricsRouter({ store: deps.store, auth, responses }));
  app.use(createAdminRouter({ store: deps.store, auth, reads, responses }));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
