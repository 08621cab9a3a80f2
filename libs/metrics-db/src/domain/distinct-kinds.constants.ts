import type { DistinctMetric } from '@metrics-store/metrics-contract';

/** The `kind` of each per-day distinct set in daily_distinct, and the metric it backs. */
export const DISTINCT_KINDS = {
  user: { kind: 1, metric: 'unique_users' },
  session: { kind: 2, metric: 'sessions' },
} as const satisfies Record<string, { kind: number; metric: DistinctMetric }>;

/** The metric a daily_distinct kind backs. */
export const metricOfKind = (kind: number): DistinctMetric =>
  kind === DISTINCT_KINDS.user.kind ? DISTINCT_KINDS.user.metric : DISTINCT_KINDS.session.metric;
