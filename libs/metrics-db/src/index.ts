export * from './metrics-store.types';
export { createMetricsStore } from './metrics-store';
export { apiKeyHash } from './domain/api-key.hash';
export { MetricsDbError, isRetriableError } from './pg/metrics-db.error';
export { runMigrations } from './migration.runner';
export { PositionsOutOfDateError, type StalePosition } from './domain/positions-out-of-date.error';
