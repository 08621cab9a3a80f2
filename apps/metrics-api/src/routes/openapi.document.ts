import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  apiKeyCreateBodySchema,
  apiKeyListSchema,
  apiKeyPathSchema,
  createdApiKeySchema,
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

/** Every route takes a bearer token and answers errors in the one shape. */
function route(
  method: RouteConfig['method'],
  path: string,
  summary: string,
  request: RouteConfig['request'],
  success: [status: number, description: string, schema?: z.ZodType],
  errorStatuses: number[],
): RouteConfig {
  const [status, description, schema] = success;
  const errors = Object.fromEntries(
    errorStatuses.map((code) => [String(code), json(errorResponseSchema, `Error (${code})`)]),
  );
  const ok = schema ? json(schema, description) : { description };
  return {
    method,
    path,
    summary,
    security: [{ bearer: [] }],
    request,
    responses: { [status]: ok, ...errors },
  };
}

const READ_ERRORS = [400, 401, 403];
const ADMIN_ERRORS = [400, 401, 403, 404];
const ADMIN_BODY_ERRORS = [...ADMIN_ERRORS, 413];

const routes: RouteConfig[] = [
  route(
    'get',
    '/v1/projects/{projectId}/metrics',
    'Series of daily, weekly or monthly counts of a project',
    { params: projectPathSchema, query: metricsQuerySchema },
    [200, 'One zero-filled series per metric', metricsResponseSchema],
    READ_ERRORS,
  ),
  route(
    'get',
    '/v1/projects/{projectId}/metric-names',
    'Names of the metrics with data in a range',
    { params: projectPathSchema, query: metricNamesQuerySchema },
    [200, 'Sorted metric names', metricNamesResponseSchema],
    READ_ERRORS,
  ),
  route(
    'get',
    '/v1/admin/projects/{projectId}',
    'Project settings (defaults if never set)',
    { params: projectPathSchema },
    [200, 'The settings', projectSettingsResponseSchema],
    ADMIN_ERRORS,
  ),
  route(
    'put',
    '/v1/admin/projects/{projectId}',
    "Set a project's time zone",
    { params: projectPathSchema, ...jsonBody(projectSettingsBodySchema) },
    [200, 'The new settings', projectSettingsResponseSchema],
    ADMIN_BODY_ERRORS,
  ),
  route(
    'post',
    '/v1/admin/projects/{projectId}/api-keys',
    'Create a project API key (the key is shown only in this answer)',
    { params: projectPathSchema, ...jsonBody(apiKeyCreateBodySchema) },
    [201, 'The new key', createdApiKeySchema],
    ADMIN_BODY_ERRORS,
  ),
  route(
    'get',
    '/v1/admin/projects/{projectId}/api-keys',
    "A project's API keys, without secrets",
    { params: projectPathSchema },
    [200, 'The keys', apiKeyListSchema],
    ADMIN_ERRORS,
  ),
  route(
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
    info: { title: 'Metrics API', version: '1.0.0', description: 'Per-day, per-project analytics counters.' },
  });
}
