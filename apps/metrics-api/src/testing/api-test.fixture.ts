import { Registry } from 'prom-client';
import type { Express } from 'express';
import {
  createMetricsStore,
  runMigrations,
  type CountedEvent,
  type MetricsStore,
} from '@metrics-store/metrics-db';
import { createLogger } from '@metrics-store/runtime';
import { createTestDatabase, uniqueName, type TestDatabase } from '@metrics-store/testing';
import { createApp, type AppDeps } from '../api.app';
import { loadApiConfig } from '../api.config';
import { apiOptions } from '../api.options';
import { createApiKeyDirectory } from '../auth/api-key-directory.factory';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** A test event: the date is project-local already, visitors and sessions are small numbers. */
export interface TestEvent {
  projectId: string;
  date: string;
  type: string;
  visitor?: number;
  session?: number;
}

export type AppOptions = Partial<AppDeps> & { keyRefreshMs?: number };

export interface ApiFixture {
  app: Express;
  store: MetricsStore;
  database: TestDatabase;
  registry: Registry;
  /**
   * Another app on the same store, e.g. with other options; unless given `keys`, it has a key directory of
   * its own, refreshed every `keyRefreshMs` (the configuration's default unless given).
   */
  makeApp(options?: AppOptions): Express;
  /** Counts events through the store, as the consumer would. */
  write(events: TestEvent[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * A migrated database of its own, a real store on it and the app on that store, with the configuration's
 * defaults (timeouts, admission) but a smaller pool.
 */
export async function openApiFixture(options: AppOptions = {}): Promise<ApiFixture> {
  const database = await createTestDatabase('metrics_api');
  await runMigrations(database.url);
  const defaults = apiOptions(loadApiConfig({ DATABASE_URL: database.url }));
  const store = await createMetricsStore({
    ...defaults.store,
    poolSize: 4,
    applicationName: 'metrics-api-test',
  });
  const logger = createLogger({ name: 'metrics-api-test', level: 'silent' });
  const directories: { stop(): void }[] = [];
  const makeApp = (overrides: AppOptions = {}) => {
    const { keyRefreshMs = defaults.keyRefreshMs, ...deps } = { ...options, ...overrides };
    const registry = deps.registry ?? new Registry();
    let keys = deps.keys;
    if (!keys) {
      keys = createApiKeyDirectory(deps.store ?? store, { refreshMs: keyRefreshMs }, registry);
      void keys.start();
      directories.push(keys);
    }
    return createApp({
      store,
      logger,
      adminToken: ADMIN_TOKEN,
      admission: defaults.admission,
      ...deps,
      registry,
      keys,
    });
  };
  const registry = new Registry();
  const app = makeApp({ registry });
  const groupId = uniqueName('api_test');
  let nextOffset = 0;

  return {
    app,
    store,
    database,
    registry,
    makeApp,
    async write(events) {
      const first = nextOffset;
      nextOffset += events.length;
      const counted: CountedEvent[] = events.map((event, i) => ({
        offset: String(first + i),
        projectId: event.projectId,
        date: event.date,
        type: event.type,
        instantMs: Date.parse(`${event.date}T12:00:00Z`),
        visitorKey: event.visitor === undefined ? null : BigInt(event.visitor),
        sessionKey: event.session === undefined ? null : BigInt(event.session),
      }));
      await store.applyBatch({
        groupId,
        topic: 'events.enriched',
        segments: [
          { partition: 0, firstOffset: String(first), nextOffset: String(nextOffset), events: counted },
        ],
      });
    },
    async close() {
      for (const directory of directories) directory.stop();
      await store.close();
      await database.drop();
    },
  };
}
