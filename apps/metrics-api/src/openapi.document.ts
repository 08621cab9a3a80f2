import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  apiKeyCreateBodySchema,
  apiKeyListSchema,
  apiKeyPathSchema,
  createdApiKeySchema,
  projectSettingsBodySchema,
  projectSettingsResponseSchema,
} from './admin.schema';
import { errorResponseSchema, projectPathSchema } from './common.schema';
import {
  metricNamesQuerySchema,
  metricNamesResponseSchema,
  metricsQuerySchema,
  metricsResponseSchema,
} from './metrics.schema';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), json(errorResponseSchema, `Error (${status})`)]));
const jsonBody = (schema: z.ZodType) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const routes: RouteConfig[] = [
  {
    method: 'get',
    path: '/v1/projects/{projectId}/metrics',
    summary: 'Series of daily, weekly or monthly counts of a project',
    security: [{ bearer: [] }],
    request: { params: projectPathSchema, query: metricsQuerySchema },
    responses: { 200: json(metricsResponseSchema, 'One zero-filled series per metric'), ...errors(400, 401, 403) },
  },
  {
    method: 'get',
    path: '/v1/projects/{projectId}/metric-names',
    summary: 'Names of the metrics with data in a range',
    security: [{ bearer: [] }],
    request: { params: projectPathSchema, query: metricNamesQuerySchema },
    responses: { 200: json(metricNamesResponseSchema, 'Sorted metric names'), ...errors(400, 401, 403) },
  },
  {
    method: 'get',
    path: '/v1/admin/projects/{projectId}',
    summary: 'Project settings (defaults if never set)',
    security: [{ bearer: [] }],
    request: { params: projectPathSchema },
    responses: { 200: json(projectSettingsResponseSchema, 'The settings'), ...errors(400, 401, 403, 404) },
  },
  {
    method: 'put',
    path: '/v1/admin/projects/{projectId}',
    summary: "Set a project's time zone",
    security: [{ bearer: [] }],
    request: { params: projectPathSchema, ...jsonBody(projectSettingsBodySchema) },
    responses: { 200: json(projectSettingsResponseSchema, 'The new settings'), ...errors(400, 401, 403, 404, 413) },
  },
  {
    method: 'post',
    path: '/v1/admin/projects/{projectId}/api-keys',
    summary: 'Create a project API key (the key is shown only in this answer)',
    security: [{ bearer: [] }],
    request: { params: projectPathSchema, ...jsonBody(apiKeyCreateBodySchema) },
    responses: { 201: json(createdApiKeySchema, 'The new key'), ...errors(400, 401, 403, 404, 413) },
  },
  {
    method: 'get',
    path: '/v1/admin/projects/{projectId}/api-keys',
    summary: "A project's API keys, without secrets",
    security: [{ bearer: [] }],
    request: { params: projectPathSchema },
    responses: { 200: json(apiKeyListSchema, 'The keys'), ...errors(400, 401, 403, 404) },
  },
  {
    method: 'delete',
    path: '/v1/admin/projects/{projectId}/api-keys/{keyId}',
    summary: 'Revoke an API key',
    security: [{ bearer: [] }],
    request: { params: apiKeyPathSchema },
    responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 403, 404) },
  },
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
