import { Router } from 'express';
import type { MetricsStore, ProjectSettings } from '@metrics-store/metrics-db';
import { apiKeyCreateBodySchema, apiKeyPathSchema, projectSettingsBodySchema } from '../schemas/admin.schema';
import { ApiError } from '../http/api-error';
import type { Auth } from '../http/auth.middleware';
import type { CachedReads } from '../caches/cached-reads';
import { projectPathSchema } from '../schemas/common.schema';
import { parseInput } from '../http/input.validation';
import { jsonBody } from '../http/json-body.middleware';
import type { MetricsResponses } from '../caches/metrics-response.cache';

function settingsBody(settings: ProjectSettings) {
  return {
    project_id: settings.projectId,
    timezone: settings.timezone,
    updated_at: settings.updatedAt?.toISOString() ?? null,
  };
}

/** Project settings and API keys; every route needs the admin token. */
export function createAdminRouter(deps: {
  store: MetricsStore;
  auth: Auth;
  reads: CachedReads;
  responses: MetricsResponses;
}): Router {
  const { store, auth, reads, responses } = deps;
  const router = Router();
  // Auth before body parsing: an unauthenticated client cannot make the server read its body.
  router.use('/v1/admin', auth.requireAdmin, ...jsonBody());

  router.get('/v1/admin/projects/:projectId', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    res.json(settingsBody(await store.getProjectSettings(projectId)));
  });

  router.put('/v1/admin/projects/:projectId', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    // The schema refuses unknown zones (400 naming `timezone`) before the store is asked.
    const body = parseInput(projectSettingsBodySchema, req.body, 'body');
    const settings = await store.setProjectTimezone(projectId, body.timezone);
    reads.forgetProject(projectId);
    responses.forgetProject(projectId);
    res.json(settingsBody(settings));
  });

  router.post('/v1/admin/projects/:projectId/api-keys', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    const body = parseInput(apiKeyCreateBodySchema, req.body, 'body');
    const created = await store.createApiKey(projectId, body.name);
    res.status(201).json({
      id: created.id,
      name: created.name,
      key: created.key,
      created_at: created.createdAt.toISOString(),
    });
  });

  router.get('/v1/admin/projects/:projectId/api-keys', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    const keys = await store.listApiKeys(projectId);
    res.json({
      api_keys: keys.map((key) => ({
        id: key.id,
        name: key.name,
        created_at: key.createdAt.toISOString(),
        revoked_at: key.revokedAt?.toISOString() ?? null,
      })),
    });
  });

  router.delete('/v1/admin/projects/:projectId/api-keys/:keyId', async (req, res) => {
    const { projectId, keyId } = parseInput(apiKeyPathSchema, req.params, 'path');
    if (!(await store.revokeApiKey(projectId, keyId)))
      throw new ApiError('not_found', 'No such API key in this project');
    reads.forgetKeys();
    res.status(204).end();
  });

  return router;
}
