import { Client } from 'pg';
import { apiKeyHash } from '../domain/api-key.hash';
import type { CountedEvent, CreatedApiKey, MetricsBatch } from '../metrics-store.types';
import { PROJECT_A, PROJECT_B, segmentOf, type TestStore } from '../testing/metrics-store.fixture';
import {
  openStoreWithClient,
  projectRowCounts,
  projectRows,
  tablesWithProjectId,
} from '../testing/project-rows.fixture';
import { PROJECT_ROWS_ERASERS } from './project-erase.statements';

const DATES = ['2026-11-01', '2026-11-02', '2026-11-09'];

/** Visitors and sessions of a project over a few days, the same visitors coming back. */
function eventsOf(projectId: string): Partial<CountedEvent>[] {
  return Array.from({ length: 60 }, (_, i) => ({
    projectId,
    date: DATES[i % DATES.length],
    type: i % 4 === 0 ? 'click' : 'page_view',
    visitorKey: BigInt(i % 17),
    sessionKey: BigInt(1_000 + (i % 23)),
  }));
}

describe('eraseProject', () => {
  let t: TestStore & { client: Client };
  let client: Client;
  let offset = 0;
  const apply = (events: Partial<CountedEvent>[]) => {
    const batch: MetricsBatch = { groupId: 'g', topic: 't', segments: [segmentOf(0, offset, events)] };
    offset += events.length;
    return t.store.applyBatch(batch);
  };
  /**
   * Every kind of row a project can have, for each project: counters, keys, sketches, marks waiting beside
   * them (a second round of visitors after the merge), settings, two API keys.
   */
  const seed = async (...projects: string[]) => {
    for (const projectId of projects) await apply(eventsOf(projectId));
    while ((await t.store.mergeSketches()).status !== 'merged');
    const keys = new Map<string, CreatedApiKey[]>();
    for (const projectId of projects) {
      await apply(
        eventsOf(projectId).map((event) => ({ ...event, visitorKey: (event.visitorKey ?? 0n) + 100n })),
      );
      await t.store.setProjectTimezone(projectId, 'Europe/Berlin');
      keys.set(projectId, [
        await t.store.createApiKey(projectId, 'dashboard'),
        await t.store.createApiKey(projectId, 'wall'),
      ]);
    }
    return keys;
  };

  beforeEach(async () => {
    t = await openStoreWithClient();
    client = t.client;
  });
  afterEach(() => t.dispose());

  it('knows every table of the schema that has a project_id column', async () => {
    expect(PROJECT_ROWS_ERASERS.map((eraser) => eraser.table).sort()).toEqual(
      await tablesWithProjectId(client),
    );
  });

  it("removes every row of the project in every such table, counts them, and leaves the other project's rows as they were", async () => {
    const keysOfA = (await seed(PROJECT_A, PROJECT_B)).get(PROJECT_A) ?? [];
    const before = await projectRowCounts(client, PROJECT_A);
    // Every table has rows of the project, or the test would prove nothing about it.
    expect(Object.entries(before).filter(([, count]) => count === 0)).toEqual([]);
    const rowsOfB = await projectRows(client, PROJECT_B);

    const erasure = await t.store.eraseProject(PROJECT_A.toUpperCase());

    expect(erasure).toEqual({ projectId: PROJECT_A, removed: before });
    const after = await projectRowCounts(client, PROJECT_A);
    expect(Object.entries(after).filter(([, count]) => count > 0)).toEqual([]);
    expect(await projectRows(client, PROJECT_B)).toEqual(rowsOfB);
    expect(await t.store.getProjectSettings(PROJECT_A)).toMatchObject({ timezone: 'UTC', createdAt: null });
    expect(await t.store.verifyApiKey(keysOfA[0].key)).toBeNull();
  });

  it('leaves the hashes of the removed keys, and nothing else of the project, for the readers of key changes', async () => {
    const keys = await seed(PROJECT_A, PROJECT_B);
    const [keysOfA, keysOfB] = [PROJECT_A, PROJECT_B].map((projectId) => keys.get(projectId) ?? []);
    const since = (await t.store.readApiKeyChanges(null)).asOf;

    await t.store.eraseProject(PROJECT_A);

    const changes = await t.store.readApiKeyChanges(since);
    expect(changes.erasedKeyHashes.sort()).toEqual(keysOfA.map((key) => apiKeyHash(key.key)).sort());
    expect(changes.keys).toEqual([]);
    const all = await t.store.readApiKeyChanges(null);
    expect(all.erasedKeyHashes).toEqual([]);
    expect(all.keys.map((key) => key.keyId).sort()).toEqual(keysOfB.map((key) => key.id).sort());
    const { rows } = await client.query<{ row: string }>(
      'SELECT to_jsonb(e)::text AS row FROM erased_api_keys e',
    );
    for (const { row } of rows) expect(row).not.toContain(PROJECT_A);
    // A cursor is a JavaScript Date (milliseconds): an erasure in the millisecond of a read's asOf may come back
    // once more from it (readers apply erasures idempotently, and step back a margin anyway). Past that
    // millisecond it is gone.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = (await t.store.readApiKeyChanges(null)).asOf;
    expect((await t.store.readApiKeyChanges(later)).erasedKeyHashes).toEqual([]);
  });

  it('removes nothing of a project without rows, twice', async () => {
    await seed(PROJECT_B);
    const none = Object.fromEntries(PROJECT_ROWS_ERASERS.map((eraser) => [eraser.table, 0]));
    expect(await t.store.eraseProject(PROJECT_A)).toEqual({ projectId: PROJECT_A, removed: none });
    expect(await t.store.eraseProject(PROJECT_A)).toEqual({ projectId: PROJECT_A, removed: none });
    await expect(t.store.eraseProject('not-a-uuid')).rejects.toMatchObject({ code: 'invalid_project_id' });
  });

  it('keeps the sketch merger out while it runs, and lets it in again after', async () => {
    await seed(PROJECT_A, PROJECT_B);
    let during: unknown;
    await t.store.eraseProject(PROJECT_A, {
      afterTable: async () => {
        during ??= await t.store.mergeSketches();
      },
    });
    expect(during).toEqual({ status: 'busy' });
    expect(await t.store.mergeSketches()).toMatchObject({ status: 'merged' });
    expect((await projectRowCounts(client, PROJECT_A)).distinct_sketches).toBe(0);
  });
});
