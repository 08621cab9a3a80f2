import { Registry } from 'prom-client';
import { createMetricsStore } from '@metrics-store/metrics-db';
import {
  createLogger,
  loadLocalEnvFiles,
  onShutdownSignals,
  readConfigOrExit,
  startOpsServer,
} from '@metrics-store/runtime';
import { createApp } from './api.app';
import { loadApiConfig } from './api.config';
import { registerProcessMetrics } from './api.metrics';
import { apiOptions } from './api.options';
import { apiReadiness } from './api.readiness';
import { startApiServer } from './api.server';
import { createApiKeyDirectory } from './auth/api-key-directory.factory';

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

  const listenFailed = (port: number) => (error: unknown) => {
    logger.fatal({ err: error, port }, 'api_listen_failed');
    process.exit(1);
  };
  const api = await startApiServer(app, config.PORT).catch(listenFailed(config.PORT));
  // The operators' port: /healthz, /readyz and the Prometheus /metrics that PORT never serves.
  const ops = await startOpsServer({
    port: config.API_OPS_PORT,
    registry,
    isReady: apiReadiness(store, keys),
  }).catch(listenFailed(config.API_OPS_PORT));
  logger.info(
    {
      port: api.port,
      ops_port: ops.port,
      admin_routes: config.ADMIN_TOKEN !== undefined,
      docs: `http://localhost:${api.port}/docs`,
    },
    'api_listening',
  );

  // Stop accepting, let in-flight requests finish, then close the pool.
  onShutdownSignals(async () => {
    await api.stop();
    await ops.close();
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
