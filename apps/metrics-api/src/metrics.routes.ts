import { Router } from 'express';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { assertProjectAccess, type Auth } from './auth.middleware';
import type { CachedReads } from './cached-reads';
import { projectPathSchema } from './common.schema';
import { parseInput } from './input.validation';
import { metricNamesQuerySchema, metricsQuerySchema } from './metrics.schema';

/** The dashboard reads: `GET /v1/projects/{projectId}/metrics` and `.../metric-names`. */
export function createMetricsRouter(deps: { store: MetricsStore; auth: Auth; reads: CachedReads }): Router {
  const { store, auth, reads } = deps;
  const router = Router();

  router.get('/v1/projects/:projectId/metrics', auth.authenticate, async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    assertProjectAccess(res, projectId);
    const query = parseInput(metricsQuerySchema, req.query, 'query');
    const [series, timezone] = await Promise.all([
      store.readSeries({
        projectId,
        from: query.from,
        to: query.to,
        metrics: query.metrics,
        granularity: query.granularity,
      }),
      reads.projectTimezone(projectId),
    ]);
    // In the order asked for; a well-formed name without data is all zeros, as the store returns it.
    const metrics = Object.fromEntries(query.metrics.map((name) => [name, series[name]]));
    res.json({
      project_id: projectId,
      timezone,
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      metrics,
    });
  });

  router.get('/v1/projects/:projectId/metric-names', auth.authenticate, async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    assertProjectAccess(res, projectId);
    const query = parseInput(metricNamesQuerySchema, req.query, 'query');
    res.json({ metric_names: await store.listMetricNames(projectId, query.from, query.to) });
  });

  return router;
}
