import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { prometheusMetricTypes } from './prometheus-text';

const OPERATIONS_DOC = join(__dirname, '..', '..', '..', 'docs', 'operations.md');

/**
 * The metrics of an app's exposition that docs/operations.md does not name (in backticks), leaving out
 * prom-client's process and Node.js metrics, which the page describes as a family. A metric added to an app
 * makes its spec fail until the page says what it means.
 */
export function undocumentedMetrics(exposition: string, prefix: string): string[] {
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults, prefix });
  const processMetrics = new Set(defaults.getMetricsAsArray().map((metric) => metric.name));
  const page = readFileSync(OPERATIONS_DOC, 'utf8');
  return [...prometheusMetricTypes(exposition).keys()].filter(
    (name) => !processMetrics.has(name) && !page.includes(`\`${name}\``),
  );
}
