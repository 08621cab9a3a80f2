export * from './metrics-store.types';
export { createMetricsStore } from './metrics-store';
export { MetricsDbError, isRetriableError } from './metrics-db.error';
export { runMigrations, revertLastMigration } from './migration.runner';
export { KPI_METRICS, type KpiMetric } from './kpi-metrics.constants';
export { isValidTimezone } from './timezone.validator';
