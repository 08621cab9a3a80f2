/** The KPIs every project has, in the order a person reads them. */
export const DEFAULT_METRICS = ['total_events', 'total_pageviews', 'unique_users', 'sessions'];

const FRIENDLY_NAMES: Record<string, string> = {
  total_events: 'All events',
  total_pageviews: 'Page views',
  unique_users: 'Unique users',
  sessions: 'Sessions',
};

/** A heading for a metric: the KPIs in words, event types as the API names them. */
export function metricTitle(name: string): string {
  return FRIENDLY_NAMES[name] ?? name;
}

/**
 * What to show when the view names no metrics: the KPIs that have data in the range, else the first few
 * names with data, else the KPIs anyway (an empty range then shows zeros, which answers "is it there?").
 */
export function defaultSelection(namesWithData: readonly string[]): string[] {
  const kpis = DEFAULT_METRICS.filter((name) => namesWithData.includes(name));
  if (kpis.length > 0) return kpis;
  if (namesWithData.length > 0) return namesWithData.slice(0, DEFAULT_METRICS.length);
  return [...DEFAULT_METRICS];
}

/** The picker's options: the KPIs first, then the other names, each once, selected ones included. */
export function pickerOptions(namesWithData: readonly string[], selected: readonly string[]): string[] {
  const all = new Set([...namesWithData, ...selected]);
  const kpis = DEFAULT_METRICS.filter((name) => all.has(name));
  const others = [...all].filter((name) => !DEFAULT_METRICS.includes(name)).sort();
  return [...kpis, ...others];
}
