import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { writeDailyMetrics } from '@metrics-store/metrics-db/testing';
import { startApiServer, type ApiServer } from '../api.server';
import { ADMIN_TOKEN, openApiFixture, type ApiFixture } from '../testing/api-test.fixture';
import { REPO_ROOT, runPackageCli, writeOpenApiDocument } from '../testing/openapi-tools.fixture';

const P = '6f1c2a7e-0000-4000-8000-0000000000c1';

/** What a team would write against the generated types: a typed read through fetch. */
const CLIENT = `
import type { components, operations } from './metrics-api';

type GetMetrics = operations['getMetrics'];
export type MetricsQuery = GetMetrics['parameters']['query'];
type MetricsAnswer = GetMetrics['responses'][200]['content']['application/json'];
type ApiError = components['schemas']['Error'];

export async function getMetrics(
  baseUrl: string,
  token: string,
  path: GetMetrics['parameters']['path'],
  query: MetricsQuery,
): Promise<MetricsAnswer> {
  const search = new URLSearchParams({ from: query.from, to: query.to, metrics: query.metrics });
  if (query.granularity) search.set('granularity', query.granularity);
  const url = baseUrl + '/v1/projects/' + encodeURIComponent(path.projectId) + '/metrics?' + search.toString();
  const response = await fetch(url, { headers: { authorization: 'Bearer ' + token } });
  if (!response.ok) {
    const failure = (await response.json()) as ApiError;
    throw new Error(response.status + ' ' + failure.error.code + ': ' + failure.error.message);
  }
  return (await response.json()) as MetricsAnswer;
}

export async function pageViews(baseUrl: string, token: string, projectId: string) {
  const answer = await getMetrics(baseUrl, token, { projectId }, {
    from: '2026-04-01',
    to: '2026-04-03',
    metrics: 'page_view',
    granularity: 'day',
  });
  const pageView = answer.metrics['page_view'];
  const values: (number | null)[] = pageView.series.map((point) => point.value);
  return { timezone: answer.timezone, total: pageView.total, values };
}

/** A derived ratio is null where there were no visits: a client must say what it shows then. */
export async function bounceRates(baseUrl: string, token: string, projectId: string) {
  const answer = await getMetrics(baseUrl, token, { projectId }, {
    from: '2026-04-01',
    to: '2026-04-03',
    metrics: 'bounce_rate',
  });
  const rate = answer.metrics['bounce_rate'];
  const shown = (value: number | null) => (value === null ? '-' : (value * 100).toFixed(2) + ' %');
  return { total: shown(rate.total), values: rate.series.map((point) => shown(point.value)) };
}

// @ts-expect-error the document allows the granularities day, week and month only
export const yearly: MetricsQuery = { from: '2026-01-01', to: '2026-12-31', metrics: 'page_view', granularity: 'year' };
`;

/** The type errors of each file, checked together as one strict program (one load of the Node types). */
function typeErrors(files: string[]): Record<string, string[]> {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
  });
  const errors: Record<string, string[]> = Object.fromEntries(files.map((file) => [basename(file), []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? basename(diagnostic.file.fileName) : '(program)';
    (errors[file] ??= []).push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  return errors;
}

/**
 * What the compiler must refuse with the generated types: `total` (a number) read as a string, and a value
 * taken as a number without a word for null (a derived ratio without visits).
 */
const WRONG = `import type { operations } from './metrics-api';
type Answer = operations['getMetrics']['responses'][200]['content']['application/json'];
export const total = (answer: Answer): string => answer.metrics['page_view'].total ?? '';
export const first = (answer: Answer): number => answer.metrics['bounce_rate'].series[0].value;
`;

describe('a client generated from the OpenAPI document by openapi-typescript', () => {
  let fx: ApiFixture;
  let api: ApiServer;
  let document: ReturnType<typeof writeOpenApiDocument>;
  beforeAll(async () => {
    fx = await openApiFixture();
    api = await startApiServer(fx.app, 0, '127.0.0.1');
    document = writeOpenApiDocument();
  });
  afterAll(async () => {
    document?.remove();
    await api?.stop();
    await fx?.close();
  });

  it('type-checks a read, refuses a wrong one, and makes the read against the running API', async () => {
    const types = join(document.dir, 'metrics-api.ts');
    const run = runPackageCli('openapi-typescript/bin/cli.js', [document.file, '--output', types]);
    expect(run.status).toBe(0);
    expect(readFileSync(types, 'utf8')).toContain('getMetrics: {');

    const client = join(document.dir, 'client.ts');
    const wrong = join(document.dir, 'wrong.ts');
    writeFileSync(client, CLIENT);
    writeFileSync(wrong, WRONG);
    expect(typeErrors([client, wrong])).toEqual({
      'client.ts': [],
      'wrong.ts': [
        expect.stringMatching(/'number' is not assignable to type 'string'/),
        expect.stringMatching(/'number \| null' is not assignable to type 'number'/),
      ],
    });

    const compiled = ts.transpileModule(CLIENT, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(document.dir, 'client.js'), compiled.outputText);
    const { pageViews, bounceRates } = require(join(document.dir, 'client.js')) as Record<
      'pageViews' | 'bounceRates',
      (baseUrl: string, token: string, projectId: string) => Promise<unknown>
    >;

    await fx.write([
      { projectId: P, date: '2026-04-02', type: 'page_view', visitor: 1 },
      { projectId: P, date: '2026-04-02', type: 'page_view', visitor: 2 },
      { projectId: P, date: '2026-04-03', type: 'page_view', visitor: 1 },
    ]);
    await expect(pageViews(`http://127.0.0.1:${api.port}`, ADMIN_TOKEN, P)).resolves.toEqual({
      timezone: 'UTC',
      total: 3,
      values: [0, 2, 1],
    });

    await writeDailyMetrics(fx.database.url, [
      { projectId: P, date: '2026-04-02', metric: 'visits', value: 3 },
      { projectId: P, date: '2026-04-02', metric: 'bounces', value: 1 },
      { projectId: P, date: '2026-04-03', metric: 'visits', value: 1 },
    ]);
    await expect(bounceRates(`http://127.0.0.1:${api.port}`, ADMIN_TOKEN, P)).resolves.toEqual({
      total: '25.00 %',
      values: ['-', '33.33 %', '0.00 %'],
    });
  });
});
