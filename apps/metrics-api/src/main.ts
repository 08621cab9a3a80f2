import { Registry } from 'prom-client';
import { createMetricsStore } from '@metrics-store/metrics-db';
import { createLogger, loadLocalEnvFiles, onShutdownSignals, readConfigOrExit } from '@metrics-store/runtime';
import { createApp } from './api.app';
import { loadApiConfig } from './api.config';
import { registerProcessMetrics } from './api.metrics';
import { apiOptions } from './api.options';
import { startApiServer } from './api.server';
import { createApiKeyDirectory } from './caches/api-key-directory.factory';

async function main(): Promise<void> {
  loadLocalEnvFiles();
  const config = readConfigOrExit('metrics-api', loadApiConfig);
  const logger = createLogger({ name: 'metrics-api', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const options = apiOptions(config);
  const store = await createMetricsStore(options.store);
  const registry = new Registry();
  registerProcessMetrics(registry);
  const keys = createApiKeyDirectory(store, { refreshMs: options.keyRefreshMs, logger }, registry);
  // Before listening, so that the first requests find the keys; a failure here is retried on the timer.
  if (!(await keys.start())) logger.warn('api_keys_not_loaded');
  const app = createApp({
    store,
    adminToken: config.ADMIN_TOKEN,
    logger,
    registry,
    keys,
    admission: options.admission,
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
    keys.stop();
    await store.close();
  }, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `metrics-api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
