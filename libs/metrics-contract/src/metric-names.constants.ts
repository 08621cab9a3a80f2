/**
 * The pattern of an event `type` (docs/events.md). Every metric name has it too: an event type is the
 * name of the metric that counts it, and the KPI names below match it as well.
 */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** Metric names the store derives itself (docs/events.md); an event `type` may never take one of them. */
export const KPI_METRICS = ['total_events', 'total_pageviews', 'unique_users', 'sessions'] as const;

export type KpiMetric = (typeof KPI_METRICS)[number];

const KPI_NAMES: ReadonlySet<string> = new Set(KPI_METRICS);

export const isKpiName = (name: string): boolean => KPI_NAMES.has(name);

/** Event types that also count as a page view. */
export const PAGEVIEW_TYPES: ReadonlySet<string> = new Set(['page_view', 'screen_view']);

/** The KPIs that count distinct visitors and sessions, never sums of days. */
export const DISTINCT_METRICS = ['unique_users', 'sessions'] as const satisfies readonly KpiMetric[];

export type DistinctMetric = (typeof DISTINCT_METRICS)[number];
