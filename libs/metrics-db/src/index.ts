export * from './metrics-store.types';
export { createMetricsStore } from './metrics-store';
export { MetricsDbError, isRetriableError } from './pg/metrics-db.error';
export { runMigrations, revertLastMigration } from './migration.runner';
export { KPI_METRICS, type KpiMetric } from './domain/kpi-metrics.constants';
export { isValidTimezone } from './domain/timezone.validator';
