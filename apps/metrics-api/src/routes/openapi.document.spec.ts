import { join } from 'node:path';
import { REPO_ROOT, runPackageCli, writeOpenApiDocument } from '../testing/openapi-tools.fixture';
import { buildOpenApiDocument } from './openapi.document';

type Operation = {
  operationId?: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { headers?: Record<string, unknown> }>;
};

const operations = () =>
  Object.entries(buildOpenApiDocument().paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({
      path,
      method,
      operation,
    })),
  );

describe('the OpenAPI document', () => {
  it('passes `redocly lint` with the recommended rules: no error, no warning', () => {
    const document = writeOpenApiDocument();
    try {
      const config = join(REPO_ROOT, 'apps/metrics-api/redocly.yaml');
      const run = runPackageCli('@redocly/cli/bin/cli.js', [
        'lint',
        '--config',
        config,
        '--format=json',
        document.file,
      ]);
      const report = JSON.parse(run.stdout) as { totals: Record<string, number>; problems: unknown[] };
      expect(report.problems).toEqual([]);
      expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
      expect(run.status).toBe(0);
    } finally {
      document.remove();
    }
  });

  it('names every operation and gives every route 503 with Retry-After', () => {
    const all = operations();
    expect(all.map(({ operation }) => operation.operationId)).toEqual([
      'getMetrics',
      'listMetricNames',
      'getProjectSettings',
      'setProjectTimezone',
      'eraseProject',
      'createApiKey',
      'listApiKeys',
      'revokeApiKey',
    ]);
    for (const { operation } of all) expect(operation.responses['503'].headers).toHaveProperty('Retry-After');
  });

  it('documents 429 with Retry-After on the reads, and 304 with If-None-Match on the metrics read', () => {
    const byId = new Map(operations().map(({ operation }) => [operation.operationId, operation]));
    for (const id of ['getMetrics', 'listMetricNames'])
      expect(byId.get(id)?.responses['429'].headers).toHaveProperty('Retry-After');
    const metrics = byId.get('getMetrics');
    expect(Object.keys(metrics?.responses ?? {})).toContain('304');
    expect(metrics?.responses['200'].headers).toHaveProperty('ETag');
    expect(metrics?.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-None-Match', in: 'header' }),
    );
  });

  it('gives every metric of the metrics answer an exact flag beside its total and series', () => {
    const schemas = buildOpenApiDocument().components?.schemas ?? {};
    const response = schemas.MetricsResponse as {
      properties: {
        metrics: { additionalProperties: { required: string[]; properties: Record<string, unknown> } };
      };
    };
    const series = response.properties.metrics.additionalProperties;
    expect(series.required).toEqual(expect.arrayContaining(['total', 'exact', 'series']));
    expect(series.properties.exact).toMatchObject({ type: 'boolean' });
  });

  it('lets a total and a value be null (a derived ratio without visits), and metric-names say truncated', () => {
    const schemas = buildOpenApiDocument().components?.schemas ?? {};
    const response = schemas.MetricsResponse as {
      properties: {
        metrics: {
          additionalProperties: {
            properties: { total: object; series: { items: { properties: { value: object } } } };
          };
        };
      };
    };
    const series = response.properties.metrics.additionalProperties.properties;
    expect(series.total).toMatchObject({ type: ['number', 'null'] });
    expect(series.series.items.properties.value).toMatchObject({ type: ['number', 'null'] });
    expect(schemas.MetricNamesResponse).toMatchObject({
      required: ['metric_names', 'truncated'],
      properties: { truncated: { type: 'boolean' } },
    });
  });
});
