/** Metric names the store derives itself; an event `type` may never take one of them. */
export const KPI_METRICS = ['total_events', 'total_pageviews', 'unique_users', 'sessions'] as const;

export type KpiMetric = (typeof KPI_METRICS)[number];

/** Event types that also count as a page view. */
export const PAGEVIEW_TYPES: ReadonlySet<string> = new Set(['page_view', 'screen_view']);

/** The metric backed by each distinct set, and its `kind` value in daily_distinct. */
export const DISTINCT_KINDS = {
  user: { kind: 1, metric: 'unique_users' },
  session: { kind: 2, metric: 'sessions' },
} as const;
