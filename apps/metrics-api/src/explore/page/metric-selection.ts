/** The KPIs every project has, in the order a person reads them. */
export const DEFAULT_METRICS = ['total_events', 'total_pageviews', 'unique_users', 'sessions'];

/** The visits and their ratios, offered right after the KPIs: the ratios first, their inputs after. */
const VISIT_METRICS = [
  'visits',
  'bounce_rate',
  'visit_duration',
  'views_per_visit',
  'bounces',
  'visit_duration_ms',
  'visit_pageviews',
];

const FEATURED = [...DEFAULT_METRICS, ...VISIT_METRICS];

const FRIENDLY_NAMES: Record<string, string> = {
  total_events: 'All events',
  total_pageviews: 'Page views',
  unique_users: 'Unique users',
  sessions: 'Sessions',
  visits: 'Visits',
  bounce_rate: 'Bounce rate',
  visit_duration: 'Visit duration',
  views_per_visit: 'Views per visit',
  bounces: 'Bounces',
  visit_duration_ms: 'Time in visits (ms)',
  visit_pageviews: 'Page views in visits',
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

/**
 * The picker's options: the KPIs first, then the visits and their ratios, then the other names sorted, each
 * once, selected ones included.
 */
export function pickerOptions(namesWithData: readonly string[], selected: readonly string[]): string[] {
  const all = new Set([...namesWithData, ...selected]);
  const featured = FEATURED.filter((name) => all.has(name));
  const others = [...all].filter((name) => !FEATURED.includes(name)).sort();
  return [...featured, ...others];
}
