import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/local-paths';
import { configVariables } from './config-variables';
import { brokenLinks, headingAnchor, markdownLinkTargets } from './markdown-links';
import { repositoryFiles } from './repository-files';

const files = repositoryFiles(REPO_ROOT);
const markdownPages = files.filter(
  (file) => file === 'README.md' || file.endsWith('/README.md') || /^docs\/[^/]+\.md$/.test(file),
);
const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

describe('the documentation', () => {
  it('has the pages the README promises, each linked from it', () => {
    const docs = files.filter((file) => /^docs\/[^/]+\.md$/.test(file));
    expect(docs).toEqual(
      expect.arrayContaining([
        'docs/events.md',
        'docs/api.md',
        'docs/operations.md',
        'docs/troubleshooting.md',
        'docs/adding-a-kpi.md',
        'docs/performance.md',
      ]),
    );
    const linked = new Set(markdownLinkTargets(read('README.md')).map((target) => target.split('#')[0]));
    expect(docs.filter((page) => !linked.has(page))).toEqual([]);
  });

  it('keeps the README short: what a newcomer needs, the figures in docs/performance.md', () => {
    expect(read('README.md').split('\n').length).toBeLessThan(200);
    expect(read('docs/performance.md')).toContain('npx nx run tools:bench-drain');
  });

  it('links only to files and headings that exist', () => {
    expect(markdownPages.length).toBeGreaterThan(5);
    expect(markdownPages.flatMap((page) => brokenLinks(REPO_ROOT, page))).toEqual([]);
  });

  it('names every variable of the apps’ configuration schemas in docs/operations.md', () => {
    const configs = files.filter((file) => /^apps\/[^/]+\/src\/.*\.config\.ts$/.test(file));
    expect(configs).toEqual(
      expect.arrayContaining([
        'apps/enriched-consumer/src/consumer.config.ts',
        'apps/metrics-api/src/api.config.ts',
      ]),
    );
    const variables = [...new Set(configs.flatMap((config) => configVariables(join(REPO_ROOT, config))))];
    // The parser must see both apps' own variables and those spread in from kafka-access.schema.ts.
    expect(variables).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'PORT',
        'READ_CACHE_MS',
        'KAFKA_SASL_PASSWORD',
        'BATCH_MAX_EVENTS',
      ]),
    );
    const operations = read('docs/operations.md');
    expect(variables.filter((name) => !operations.includes(`\`${name}\``))).toEqual([]);
  });

  it('refers to no folder outside the repository', () => {
    const outside = ['..', 'shared', ''].join('/');
    const offenders = files.filter(
      (file) =>
        !/\.(png|jpe?g|gif|ico|woff2?)$/.test(file) &&
        statSync(join(REPO_ROOT, file)).size < 2_000_000 &&
        read(file).includes(outside),
    );
    expect(offenders).toEqual([]);
  });
});

describe('the link check', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'docs-links-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'a.md'), '# A page\n\n## Time-zone changes (`10 s`)\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const check = (text: string) => {
    writeFileSync(join(root, 'README.md'), text);
    return brokenLinks(root, 'README.md').map((link) => link.problem);
  };

  it('finds a missing file and a missing heading, and passes the good ones', () => {
    expect(
      check(
        [
          '[ok](docs/a.md) [ok](docs/a.md#time-zone-changes-10-s) [web](https://example.com/x.md)',
          '![gone](docs/gone.png) [no heading](docs/a.md#nothing)',
          '```\n[in a code block](docs/none.md)\n```',
        ].join('\n'),
      ),
    ).toEqual(['docs/gone.png does not exist', 'docs/a.md has no heading #nothing']);
  });

  it('makes anchors as GitHub does', () => {
    expect(headingAnchor('Offsets beyond the end of the log')).toBe('offsets-beyond-the-end-of-the-log');
    expect(headingAnchor('enriched-consumer (`src/consumer.metrics.ts`)')).toBe(
      'enriched-consumer-srcconsumermetricsts',
    );
  });
});
