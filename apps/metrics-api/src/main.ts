import { collectDefaultMetrics, Registry } from 'prom-client';
import { createMetricsStore } from '@metrics-store/metrics-db';
import { createLogger, loadLocalEnvFiles, onShutdownSignals, readConfigOrExit } from '@metrics-store/runtime';
import { createApp } from './api.app';
import { loadApiConfig } from './api.config';
import { startApiServer } from './api.server';

async function main(): Promise<void> {
  loadLocalEnvFiles();
  const config = readConfigOrExit('metrics-api', loadApiConfig);
  const logger = createLogger({ name: 'metrics-api', level: config.LOG_LEVEL });
  const store = await createMetricsStore({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DB_POOL_SIZE,
    applicationName: 'metrics-api',
    // A burst of slow reads (a year of weekly distinct counts) can hold every pooled connection for seconds;
    // queued requests wait for one instead of failing as 500 after the 5 s default.
    connectionTimeoutMillis: 30_000,
  });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const app = createApp({
    store,
    adminToken: config.ADMIN_TOKEN,
    logger,
    registry,
    readCacheMs: config.READ_CACHE_MS,
  });

  const api = await startApiServer(app, config.PORT).catch((error: unknown) => {
    logger.fatal({ err: error, port: config.PORT }, 'api_listen_failed');
    process.exit(1);
  });
  logger.info(
    {
      port: api.port,
      admin_routes: config.ADMIN_TOKEN !== undefined,
      docs: `http://localhost:${api.port}/docs`,
    },
    'api_listening',
  );

  // Stop accepting, let in-flight requests finish, then close the pool.
  onShutdownSignals(async () => {
    await api.stop();
    await store.close();
  }, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `metrics-api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
