import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { createOpsHandlers, type Logger } from '@metrics-store/runtime';
import { createReadAdmission } from './admission/read-admission';
import { apiReadiness } from './api.readiness';
import type { ReadSchedulerOptions } from './admission/read.scheduler';
import { createAdminRouter } from './routes/admin.routes';
import type { ApiKeyDirectory } from './auth/api-key.directory';
import { createAuth } from './auth/auth.middleware';
import { registerPoolMetrics } from './api.metrics';
import { createCacheMetrics } from './reads/cache.metrics';
import { createCachedReads } from './reads/cached-reads';
import { createDocsRouter } from './routes/docs.routes';
import { createExploreRouter } from './explore/explore.routes';
import { errorHandler, notFoundHandler } from './http/error.middleware';
import { httpMetrics } from './http/http-metrics.middleware';
import { createMetricsResponses } from './reads/metrics-response.cache';
import { createMetricsRouter } from './routes/metrics.routes';
import { requestLogger } from './http/request-logger.middleware';

export interface AppDeps {
  store: MetricsStore;
  /** Unset: the admin routes answer 404. */
  adminToken?: string;
  logger: Logger;
  /**
   * Where the app's metrics go (request, cache and pool metrics; main.ts adds the process metrics and serves
   * them on API_OPS_PORT).
   */
  registry: Registry;
  /** The live API keys (started by the caller, who stops it). */
  keys: ApiKeyDirectory;
  /** How the database reads of all requests share the pool (see admission/read.scheduler.ts). */
  admission: ReadSchedulerOptions;
  /** How long identical metrics reads share one answer (see metrics-response.cache.ts); unset or 0: never. */
  readCacheMs?: number;
}

// Projects' time zones are read at most this often; a change through this process shows at once.
const ZONE_CACHE_MS = 2_000;

const noStore: RequestHandler = (_req, res, next) => {
  // Answers are per key and change as events arrive: caches may keep them only to revalidate by ETag.
  res.set('Cache-Control', 'private, max-age=0, must-revalidate');
  next();
};

/**
 * The metrics API as an Express app, without a listening socket (main.ts listens, and serves the registry's
 * metrics on the ops port; tests use supertest).
 */
export function createApp(deps: AppDeps): Express {
  const cacheMetrics = createCacheMetrics(deps.registry);
  registerPoolMetrics(deps.registry, deps.store);
  const scheduler = createReadAdmission(deps.admission, deps.registry);
  const reads = createCachedReads(deps.store, ZONE_CACHE_MS, cacheMetrics);
  const responses = createMetricsResponses(deps.store, reads, deps.readCacheMs ?? 0, scheduler, cacheMetrics);
  const auth = createAuth({ adminToken: deps.adminToken, keys: deps.keys });
  const ops = createOpsHandlers({ registry: deps.registry, isReady: apiReadiness(deps.store, deps.keys) });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.set('query parser', 'simple');

  app.use(requestLogger(deps.logger), httpMetrics(deps.registry));
  // Health for the load balancer in front of the API. /metrics is not here: it is for the operators' network,
  // on API_OPS_PORT (main.ts), never on the port dashboards reach.
  app.get('/healthz', ops.healthz);
  app.get('/readyz', ops.readyz);
  // The page sets its own CSP and caching; the JSON API's headers below stay as they are.
  app.use(createExploreRouter());

  app.use(noStore);
  app.use(createDocsRouter());
  app.use(createMetricsRouter({ store: deps.store, auth, responses, scheduler }));
  app.use(createAdminRouter({ store: deps.store, auth, reads, responses, keys: deps.keys, scheduler }));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
