import { Router, type Response } from 'express';
import type { MetricsStore, ProjectSettings } from '@metrics-store/metrics-db';
import { clientGoneSignal } from '../admission/client-gone.signal';
import type { ReadScheduler } from '../admission/read.scheduler';
import { apiKeyCreateBodySchema, apiKeyPathSchema, projectSettingsBodySchema } from '../schemas/admin.schema';
import { ApiError } from '../http/api-error';
import type { Auth } from '../auth/auth.middleware';
import type { ApiKeyDirectory } from '../auth/api-key.directory';
import type { CachedReads } from '../reads/cached-reads';
import { projectPathSchema } from '../schemas/common.schema';
import { parseInput } from '../http/input.validation';
import { jsonBody } from '../http/json-body.middleware';
import type { MetricsResponses } from '../reads/metrics-response.cache';

function settingsBody(settings: ProjectSettings) {
  return {
    project_id: settings.projectId,
    timezone: settings.timezone,
    updated_at: settings.updatedAt?.toISOString() ?? null,
  };
}

// The admin routes wait in a lane of their own: a flooding project cannot keep its keys from being revoked.
const ADMIN_LANE = 'admin';
// An erase holds its turn as long as the project is big: in a lane of its own, the other admin routes keep theirs.
const ERASE_LANE = 'admin-erase';

/** Project settings, API keys and erasing a project; every route needs the admin token. */
export function createAdminRouter(deps: {
  store: MetricsStore;
  auth: Auth;
  reads: CachedReads;
  responses: MetricsResponses;
  keys: ApiKeyDirectory;
  scheduler: ReadScheduler;
}): Router {
  const { store, auth, reads, responses, keys, scheduler } = deps;
  const inTurn = <T>(res: Response, work: () => Promise<T>, lane = ADMIN_LANE) =>
    scheduler.run(lane, work, clientGoneSignal(res));
  const router = Router();
  // Auth before body parsing: an unauthenticated client cannot make the server read its body.
  router.use('/v1/admin', auth.requireAdmin, ...jsonBody());

  router.get('/v1/admin/projects/:projectId', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    res.json(settingsBody(await inTurn(res, () => store.getProjectSettings(projectId))));
  });

  router.put('/v1/admin/projects/:projectId', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    // The schema refuses unknown zones (400 naming `timezone`) before the store is asked.
    const body = parseInput(projectSettingsBodySchema, req.body, 'body');
    const settings = await inTurn(res, () => store.setProjectTimezone(projectId, body.timezone));
    reads.forgetProject(projectId);
    responses.forgetProject(projectId);
    res.json(settingsBody(settings));
  });

  // Every stored row of the project, in one transaction (MetricsStore.eraseProject). Its keys are refused
  // here at once and by other API processes at their next read of key changes; the cached answers go.
  router.delete('/v1/admin/projects/:projectId', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    const erasure = await inTurn(res, () => store.eraseProject(projectId), ERASE_LANE);
    keys.forgetProject(projectId);
    reads.forgetProject(projectId);
    responses.forgetProject(projectId);
    res.json({ project_id: erasure.projectId, removed: erasure.removed });
  });

  router.post('/v1/admin/projects/:projectId/api-keys', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    const body = parseInput(apiKeyCreateBodySchema, req.body, 'body');
    const created = await inTurn(res, () => store.createApiKey(projectId, body.name));
    keys.remember(created.key, { keyId: created.id, projectId: created.projectId });
    res.status(201).json({
      id: created.id,
      name: created.name,
      key: created.key,
      created_at: created.createdAt.toISOString(),
    });
  });

  router.get('/v1/admin/projects/:projectId/api-keys', async (req, res) => {
    const { projectId } = parseInput(projectPathSchema, req.params, 'path');
    const listed = await inTurn(res, () => store.listApiKeys(projectId));
    res.json({
      api_keys: listed.map((key) => ({
        id: key.id,
        name: key.name,
        created_at: key.createdAt.toISOString(),
        revoked_at: key.revokedAt?.toISOString() ?? null,
      })),
    });
  });

  router.delete('/v1/admin/projects/:projectId/api-keys/:keyId', async (req, res) => {
    const { projectId, keyId } = parseInput(apiKeyPathSchema, req.params, 'path');
    if (!(await inTurn(res, () => store.revokeApiKey(projectId, keyId))))
      throw new ApiError('not_found', 'No such API key in this project');
    keys.forget(keyId);
    res.status(204).end();
  });

  return router;
}
