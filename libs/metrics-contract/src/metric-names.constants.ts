/**
 * The pattern of an event `type` (docs/events.md). Every metric name has it too: an event type is the
 * name of the metric that counts it, and the reserved names below match it as well.
 */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** Metric names the store derives itself from every event (docs/events.md). */
export const KPI_METRICS = ['total_events', 'total_pageviews', 'unique_users', 'sessions'] as const;

export type KpiMetric = (typeof KPI_METRICS)[number];

const KPI_NAMES: ReadonlySet<string> = new Set(KPI_METRICS);

export const isKpiName = (name: string): boolean => KPI_NAMES.has(name);

/** Event types that also count as a page view. */
export const PAGEVIEW_TYPES: ReadonlySet<string> = new Set(['page_view', 'screen_view']);

/** The KPIs that count distinct visitors and sessions, never sums of days. */
export const DISTINCT_METRICS = ['unique_users', 'sessions'] as const satisfies readonly KpiMetric[];

export type DistinctMetric = (typeof DISTINCT_METRICS)[number];

/**
 * The visits of each date (a session counts on the date of its earliest event), stored per day like the
 * KPIs and summed over any range, so that the ratios of DERIVED_METRICS are exact over any range.
 */
export const VISIT_METRICS = ['visits', 'bounces', 'visit_duration_ms', 'visit_pageviews'] as const;

export type VisitMetric = (typeof VISIT_METRICS)[number];

/** Ratios of the visit metrics that the API computes when read; never stored. */
export const DERIVED_METRICS = ['bounce_rate', 'visit_duration', 'views_per_visit'] as const;

export type DerivedMetric = (typeof DERIVED_METRICS)[number];

const DERIVED_NAMES: ReadonlySet<string> = new Set(DERIVED_METRICS);

export const isDerivedName = (name: string): name is DerivedMetric => DERIVED_NAMES.has(name);

/** Every name the store or the API gives a meaning of its own; no event `type` may take one of them. */
export const RESERVED_METRICS = [...KPI_METRICS, ...VISIT_METRICS, ...DERIVED_METRICS] as const;

const RESERVED_NAMES: ReadonlySet<string> = new Set(RESERVED_METRICS);

export const isReservedName = (name: string): boolean => RESERVED_NAMES.has(name);

/** Most names `metric-names` lists for a range; it says `truncated` when there are more. */
export const MAX_LISTED_METRIC_NAMES = 1_000;
