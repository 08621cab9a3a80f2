import { Router } from 'express';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { assertProjectAccess, type Auth } from '../http/auth.middleware';
import { projectPathSchema } from '../schemas/common.schema';
import { parseInput } from '../http/input.validation';
import type { MetricsResponses } from '../caches/metrics-response.cache';
import { metricNamesQuerySchema, metricsQuerySchema } from '../schemas/metrics.schema';

/** The dashboard reads: `GET /v1/projects/{projectId}/metrics` and `.../metric-names`. */
export function createMetricsRouter(deps: {
  store: MetricsStore;
  auth: Auth;
  responses: MetricsResponses;
}): Router {
  const { store, auth, responses } = deps;
  const router = Router();

  router.get('/v1/projects/:projectId/metrics', auth.authenticate, async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    assertProjectAccess(res, projectId);
    const query = parseInput(metricsQuerySchema, req.query, 'query');
    const answer = await responses.get({ projectId, ...query });
    // Sent as stored: Express neither serializes nor hashes it again, and still answers 304 to a match.
    res.set('ETag', answer.etag).type('json').send(answer.body);
  });

  router.get('/v1/projects/:projectId/metric-names', auth.authenticate, async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    assertProjectAccess(res, projectId);
    const query = parseInput(metricNamesQuerySchema, req.query, 'query');
    res.json({ metric_names: await store.listMetricNames(projectId, query.from, query.to) });
  });

  return router;
}
