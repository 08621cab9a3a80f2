import { Router } from 'express';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { clientGoneSignal } from '../admission/client-gone.signal';
import type { ReadScheduler } from '../admission/read.scheduler';
import { assertProjectAccess, type Auth } from '../auth/auth.middleware';
import { sendJsonWithEtag } from '../http/conditional-get';
import { entityTagOf } from '../http/entity-tag';
import { projectPathSchema } from '../schemas/common.schema';
import { parseInput } from '../http/input.validation';
import type { MetricsResponses } from '../reads/metrics-response.cache';
import { metricNamesQuerySchema, metricsQuerySchema } from '../schemas/metrics.schema';

/** The dashboard reads: `GET /v1/projects/{projectId}/metrics` and `.../metric-names`. */
export function createMetricsRouter(deps: {
  store: MetricsStore;
  auth: Auth;
  responses: MetricsResponses;
  scheduler: ReadScheduler;
}): Router {
  const { store, auth, responses, scheduler } = deps;
  const router = Router();

  router.get('/v1/projects/:projectId/metrics', auth.authenticate, async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    assertProjectAccess(res, projectId);
    const query = parseInput(metricsQuerySchema, req.query, 'query');
    const answer = await responses.get({ projectId, ...query }, { signal: clientGoneSignal(res) });
    // Sent as stored: Express neither serializes nor hashes it again.
    sendJsonWithEtag(req, res, answer.body, answer.etag);
  });

  router.get('/v1/projects/:projectId/metric-names', auth.authenticate, async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    assertProjectAccess(res, projectId);
    const query = parseInput(metricNamesQuerySchema, req.query, 'query');
    const listed = await scheduler.run(
      projectId,
      () => store.listMetricNames(projectId, query.from, query.to),
      clientGoneSignal(res),
    );
    const body = Buffer.from(JSON.stringify({ metric_names: listed.names, truncated: listed.truncated }));
    sendJsonWithEtag(req, res, body, entityTagOf(body));
  });

  return router;
}
