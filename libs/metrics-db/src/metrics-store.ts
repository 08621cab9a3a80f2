import { createMetricsDataSource } from './data-source';
import { assertMigrated } from './migration.status';
import type { MetricsStore, MetricsStoreOptions } from './metrics-store.types';
import { toMetricsDbError } from './pg/metrics-db.error';
import { pgPoolOf } from './pg/pg-pool.util';
import { PgStatementRunner } from './pg/pg-statement.runner';
import { guardPoolClients } from './pg/pool-client.guard';
import { ApiKeysRepository } from './repositories/api-keys.repository';
import { applyBatch } from './repositories/apply-batch.operation';
import { readDayTypes } from './repositories/day-types.operation';
import { ConsumerOffsetsRepository } from './repositories/consumer-offsets.repository';
import { MetricSeriesRepository } from './repositories/metric-series.repository';
import { eraseProject } from './repositories/project-erase.operation';
import { ProjectSettingsRepository } from './repositories/project-settings.repository';
import { mergeSketches, sketchBacklog } from './repositories/sketch-merge.operation';
import { rebuildSketches } from './repositories/sketch-rebuild.operation';
import { removeExpiredVisitorState } from './repositories/visitor-state-retention.operation';

type AsyncMethods<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
};

/** Every failure leaves the store as a MetricsDbError, whatever layer it came from. */
function withLibraryErrors<T extends object>(methods: AsyncMethods<T>): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(methods) as [
    string,
    (...args: unknown[]) => Promise<unknown>,
  ][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (err) {
        throw toMetricsDbError(err);
      }
    };
  }
  return wrapped as T;
}

/**
 * Opens the pool, checks the server answers and that every migration of this code is applied (else a
 * MetricsDbError `schema_not_migrated` that says what to run).
 */
export async function createMetricsStore(options: MetricsStoreOptions): Promise<MetricsStore> {
  const dataSource = createMetricsDataSource(options);
  try {
    await dataSource.initialize();
    await assertMigrated(dataSource);
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw toMetricsDbError(err);
  }
  guardPoolClients(dataSource);
  // TypeORM opens the pool and owns the schema; every query runs on the node-postgres pool under it (README).
  const pool = pgPoolOf(dataSource);
  const series = new MetricSeriesRepository(new PgStatementRunner(pool));
  const settings = new ProjectSettingsRepository(pool);
  const apiKeys = new ApiKeysRepository(pool);
  const offsets = new ConsumerOffsetsRepository(pool);
  let closing: Promise<void> | undefined;

  const operations = withLibraryErrors<Omit<MetricsStore, 'poolStats'>>({
    applyBatch: (batch) => applyBatch(pool, batch),
    readOffsets: (groupId, topic, partitions) => offsets.read(groupId, topic, partitions),
    readPositions: (groupId, topic, partitions) => offsets.readPositions(groupId, topic, partitions),
    listStoredOffsets: (filter) => offsets.list(filter),
    resetStoredOffsets: (groupId, topic, next) => offsets.reset(groupId, topic, next),
    readSeries: (query) => series.readSeries(query),
    listMetricNames: (projectId, from, to) => series.listMetricNames(projectId, from, to),
    getProjectSettings: (projectId) => settings.get(projectId),
    getProjectTimezones: (projectIds) => settings.timezones(projectIds),
    setProjectTimezone: (projectId, timezone) => settings.setTimezone(projectId, timezone),
    createApiKey: (projectId, name) => apiKeys.create(projectId, name),
    listApiKeys: (projectId) => apiKeys.list(projectId),
    revokeApiKey: (projectId, keyId) => apiKeys.revoke(projectId, keyId),
    verifyApiKey: (key) => apiKeys.verify(key),
    readApiKeyChanges: (since) => apiKeys.changes(since),
    eraseProject: (projectId, eraseOptions) => eraseProject(pool, projectId, eraseOptions),
    mergeSketches: (options) => mergeSketches(pool, options),
    sketchBacklog: () => sketchBacklog(pool),
    rebuildSketches: (options) => rebuildSketches(pool, options),
    removeExpiredVisitorState: (step) => removeExpiredVisitorState(pool, step),
    readDayTypes: (query) => readDayTypes(pool, query),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => (closing ??= dataSource.isInitialized ? dataSource.destroy() : Promise.resolve()),
  });
  return {
    ...operations,
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max ?? 10,
    }),
  };
}
