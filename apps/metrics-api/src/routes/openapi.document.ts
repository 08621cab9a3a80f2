import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  apiKeyCreateBodySchema,
  apiKeyListSchema,
  apiKeyPathSchema,
  createdApiKeySchema,
  projectErasureSchema,
  projectSettingsBodySchema,
  projectSettingsResponseSchema,
} from '../schemas/admin.schema';
import { errorResponseSchema, projectPathSchema } from '../schemas/common.schema';
import {
  metricNamesQuerySchema,
  metricNamesResponseSchema,
  metricsQuerySchema,
  metricsResponseSchema,
} from '../schemas/metrics.schema';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const jsonBody = (schema: z.ZodType) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer' as const, minimum: 1 },
  },
};

/** What each error status means here; every one has the contract's error body. */
const ERRORS: Record<number, { description: string; headers?: ResponseConfig['headers'] }> = {
  400: { description: 'The request is not valid; `issues` names each bad field' },
  401: { description: 'No bearer token, or one that is unknown or revoked' },
  403: { description: 'A project key asking for another project' },
  404: { description: 'No such resource (all admin routes while the server has no admin token)' },
  413: { description: 'The JSON body is larger than 16 KiB' },
  429: {
    description: 'Too many requests of this project or key at once; retry after `Retry-After`',
    headers: retryAfter,
  },
  503: {
    description: 'The database does not answer or the server is saturated; retry after `Retry-After`',
    headers: retryAfter,
  },
};

type Success = [status: number, description: string, schema?: z.ZodType];

/** Every route takes a bearer token and answers errors in the one shape. */
function route(
  operationId: string,
  method: RouteConfig['method'],
  path: string,
  summary: string,
  request: RouteConfig['request'],
  [status, description, schema]: Success,
  errorStatuses: number[],
): RouteConfig {
  const errors = Object.fromEntries(
    errorStatuses.map((code) => [
      String(code),
      { ...json(errorResponseSchema, ERRORS[code].description), headers: ERRORS[code].headers },
    ]),
  );
  const ok = schema ? json(schema, description) : { description };
  return {
    operationId,
    method,
    path,
    summary,
    security: [{ bearer: [] }],
    request,
    responses: { [status]: ok, ...errors },
  };
}

const etag = {
  ETag: { description: 'Identifies this answer, for If-None-Match', schema: { type: 'string' as const } },
};

/** The metrics read answers with an ETag, and 304 without a body to a request that still has it. */
function withRevalidation(config: RouteConfig): RouteConfig {
  const ok = config.responses[200];
  return {
    ...config,
    request: {
      ...config.request,
      headers: z.object({
        'If-None-Match': z
          .string()
          .optional()
          .meta({ description: 'The ETag of an answer already held: 304 while it is still the answer' }),
      }),
    },
    responses: {
      ...config.responses,
      200: { ...ok, headers: etag },
      304: { description: 'Not modified: the answer is still the one of If-None-Match', headers: etag },
    },
  };
}

// Reads can be turned away when a project or key asks too much at once (429); every route needs the database.
const READ_ERRORS = [400, 401, 403, 429, 503];
const ADMIN_ERRORS = [400, 401, 403, 404, 503];
const ADMIN_BODY_ERRORS = [400, 401, 403, 404, 413, 503];

const routes: RouteConfig[] = [
  withRevalidation(
    route(
      'getMetrics',
      'get',
      '/v1/projects/{projectId}/metrics',
      'Series of daily, weekly or monthly counts of a project',
      { params: projectPathSchema, query: metricsQuerySchema },
      [200, 'One zero-filled series per metric', metricsResponseSchema],
      READ_ERRORS,
    ),
  ),
  route(
    'listMetricNames',
    'get',
    '/v1/projects/{projectId}/metric-names',
    'Names of the metrics with data in a range',
    { params: projectPathSchema, query: metricNamesQuerySchema },
    [200, 'Sorted metric names', metricNamesResponseSchema],
    READ_ERRORS,
  ),
  route(
    'getProjectSettings',
    'get',
    '/v1/admin/projects/{projectId}',
    'Project settings (defaults if never set)',
    { params: projectPathSchema },
    [200, 'The settings', projectSettingsResponseSchema],
    ADMIN_ERRORS,
  ),
  route(
    'setProjectTimezone',
    'put',
    '/v1/admin/projects/{projectId}',
    "Set a project's time zone",
    { params: projectPathSchema, ...jsonBody(projectSettingsBodySchema) },
    [200, 'The new settings', projectSettingsResponseSchema],
    ADMIN_BODY_ERRORS,
  ),
  route(
    'eraseProject',
    'delete',
    '/v1/admin/projects/{projectId}',
    'Erase a project: every stored row of it, in one transaction; its API keys stop working at once',
    { params: projectPathSchema },
    [200, 'The rows removed, per table', projectErasureSchema],
    ADMIN_ERRORS,
  ),
  route(
    'createApiKey',
    'post',
    '/v1/admin/projects/{projectId}/api-keys',
    'Create a project API key (the key is shown only in this answer)',
    { params: projectPathSchema, ...jsonBody(apiKeyCreateBodySchema) },
    [201, 'The new key', createdApiKeySchema],
    ADMIN_BODY_ERRORS,
  ),
  route(
    'listApiKeys',
    'get',
    '/v1/admin/projects/{projectId}/api-keys',
    "A project's API keys, without secrets",
    { params: projectPathSchema },
    [200, 'The keys', apiKeyListSchema],
    ADMIN_ERRORS,
  ),
  route(
    'revokeApiKey',
    'delete',
    '/v1/admin/projects/{projectId}/api-keys/{keyId}',
    'Revoke an API key',
    { params: apiKeyPathSchema },
    [204, 'Revoked'],
    ADMIN_ERRORS,
  ),
];

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests. */
export function buildOpenApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The admin token, or a project API key `mk_...`',
  });
  routes.forEach((route) => registry.registerPath(route));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Metrics API',
      version: '1.0.0',
      description: 'Per-day, per-project analytics counters.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    // Relative: the document is served by the API it describes, wherever that listens.
    servers: [{ url: '/', description: 'The server that serves this document' }],
  });
}
