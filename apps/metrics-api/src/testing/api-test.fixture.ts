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

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A test event: the date is project-local already, visitors and sessions are small numbers. */
export interface TestEvent {
  projectId: string;
  date: string;
  type: string;
  visitor?: number;
  session?: number;
}

export interface ApiFixture {
  app: Express;
  store: MetricsStore;
  database: TestDatabase;
  registry: Registry;
  /** Another app on the same store, e.g. with other options. */
  makeApp(options?: Partial<AppDeps>): Express;
  /** Counts events through the store, as the consumer would. */
  write(events: TestEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** A migrated database of its own, a real store on it and the app on that store. */
export async function openApiFixture(options: Partial<AppDeps> = {}): Promise<ApiFixture> {
  const database = await createTestDatabase('metrics_api');
  await runMigrations(database.url);
  const store = await createMetricsStore({
    databaseUrl: database.url,
    poolSize: 4,
    applicationName: 'metrics-api-test',
  });
  const logger = createLogger({ name: 'metrics-api-test', level: 'silent' });
  const makeApp = (overrides: Partial<AppDeps> = {}) =>
    createApp({ store, logger, registry: new Registry(), adminToken: ADMIN_TOKEN, ...options, ...overrides });
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
      await store.close();
      await database.drop();
    },
  };
}
