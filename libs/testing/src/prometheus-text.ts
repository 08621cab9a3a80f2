/** The metrics of a Prometheus text exposition, by name, from its `# TYPE <name> <type>` lines. */
export function prometheusMetricTypes(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(name, type);
  return types;
}

/** The value of one sample, e.g. `metrics_api_cache_hits_total{cache="api_keys"}`; undefined when absent. */
export function prometheusSample(text: string, sample: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}
