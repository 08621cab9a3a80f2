export * from './metrics-store.types';
// Implemented by the library: createMetricsStore, MetricsDbError, isRetriable, runMigrations, revertLastMigration.
