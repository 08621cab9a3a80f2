import { createTestDatabase, type TestDatabase } from '@metrics-store/testing';
import { createMetricsStore } from '../metrics-store';
import { runMigrations } from '../migration.runner';
import type { CountedEvent, MetricsStore, PartitionSegment } from '../metrics-store.types';

export interface TestStore {
  store: MetricsStore;
  database: TestDatabase;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

/** A migrated database of its own and a store on it. */
export async function openTestStore(poolSize = 4): Promise<TestStore> {
  const database = await createTestDatabase('metrics_db');
  await runMigrations(database.url);
  const store = await createMetricsStore({
    databaseUrl: database.url,
    poolSize,
    applicationName: 'metrics-db-test',
  });
  return {
    store,
    database,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
}

export const PROJECT_A = '6f1c2a7e-0000-4000-8000-00000000000a';
export const PROJECT_B = '6f1c2a7e-0000-4000-8000-00000000000b';

/** An event of `overrides`, at noon UTC of its date unless its instant is given. */
function countedEvent(offset: number, overrides: Partial<CountedEvent> = {}): CountedEvent {
  const date = overrides.date ?? '2026-11-01';
  return {
    offset: String(offset),
    projectId: PROJECT_A,
    date,
    type: 'page_view',
    instantMs: Date.parse(`${date}T12:00:00Z`),
    visitorKey: null,
    sessionKey: null,
    ...overrides,
  };
}

/** A segment of consecutive offsets [first, first + events.length), every record valid. */
export function segmentOf(
  partition: number,
  firstOffset: number,
  events: Partial<CountedEvent>[],
): PartitionSegment {
  return {
    partition,
    firstOffset: String(firstOffset),
    nextOffset: String(firstOffset + events.length),
    events: events.map((overrides, i) => countedEvent(firstOffset + i, overrides)),
  };
}
