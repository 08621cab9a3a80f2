import { Client } from 'pg';
import type { CountedEvent, MetricsBatch } from '../metrics-store.types';
import { PROJECT_A, PROJECT_B, segmentOf, type TestStore } from '../testing/metrics-store.fixture';
import {
  openStoreWithClient,
  projectRowCounts,
  projectRows,
  waitForLockWait,
} from '../testing/project-rows.fixture';

// PROJECT_A sorts before PROJECT_B: a flush of both takes A's counter rows first, then B's.
const OLD_DAY = '2026-11-01';
const NEW_DAY = '2026-11-05';

/** `count` events of a project on a date, visitors `from`, `from + 1`, ... each with a session of its own. */
const events = (projectId: string, date: string, from: number, count: number): Partial<CountedEvent>[] =>
  Array.from({ length: count }, (_, i) => ({
    projectId,
    date,
    visitorKey: BigInt(from + i),
    sessionKey: BigInt(10_000 + from + i),
  }));

/** What a project's rows say about a date: events, distinct visitors, and the keys kept for them. */
interface DayState {
  totalEvents: number;
  uniqueUsers: number;
  userKeys: number;
}

describe('eraseProject while flushes write the project', () => {
  let t: TestStore & { client: Client };
  let client: Client;
  let offset = 0;
  const batchOf = (list: Partial<CountedEvent>[]): MetricsBatch => {
    const batch = { groupId: 'g', topic: 't', segments: [segmentOf(0, offset, list)] };
    offset += list.length;
    return batch;
  };
  const dayState = async (projectId: string, date: string): Promise<DayState> => {
    const { rows } = await client.query<DayState>(
      `SELECT coalesce(sum(metric_value) FILTER (WHERE metric_name = 'total_events'), 0)::int AS "totalEvents",
              coalesce(sum(metric_value) FILTER (WHERE metric_name = 'unique_users'), 0)::int AS "uniqueUsers",
              (SELECT count(*)::int FROM daily_distinct
               WHERE project_id = $1 AND date = $2 AND kind = 1) AS "userKeys"
       FROM daily_metrics WHERE project_id = $1 AND date = $2`,
      [projectId, date],
    );
    return rows[0];
  };

  beforeEach(async () => {
    t = await openStoreWithClient();
    client = t.client;
    await t.store.applyBatch(
      batchOf([...events(PROJECT_A, OLD_DAY, 0, 30), ...events(PROJECT_B, OLD_DAY, 0, 30)]),
    );
    await t.store.setProjectTimezone(PROJECT_A, 'Asia/Tokyo');
  });
  afterEach(() => t.dispose());

  it('erases whole a flush that was in flight when it began, once that flush commits', async () => {
    // A flush of both projects, held after it took A's counters: B's rows are locked here.
    const holder = new Client({ connectionString: t.database.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM daily_metrics WHERE project_id = $1 FOR UPDATE`, [PROJECT_B]);
    const flush = t.store.applyBatch(
      batchOf([...events(PROJECT_A, OLD_DAY, 20, 20), ...events(PROJECT_B, OLD_DAY, 20, 20)]),
    );
    await waitForLockWait(client, 'INSERT INTO daily_metrics');
    const before = await projectRowCounts(client, PROJECT_A);

    const erasing = t.store.eraseProject(PROJECT_A);
    // The erase meets the flush's locks on A's sessions, and keeps trying.
    await waitForLockWait(client, 'DELETE FROM visit_sessions');
    await holder.query('COMMIT');
    await holder.end();
    await flush;
    const erasure = await erasing;

    expect(Object.values(await projectRowCounts(client, PROJECT_A))).toEqual(
      Object.values(before).map(() => 0),
    );
    // The flush's new keys of A were erased with the rest: counted before the erase, removed by it.
    expect(erasure.removed.daily_distinct).toBe(before.daily_distinct + 2 * 10);
    expect(await dayState(PROJECT_B, OLD_DAY)).toEqual({ totalEvents: 50, uniqueUsers: 40, userKeys: 40 });
  });

  it('lets a flush that starts during it wait, then count its events anew', async () => {
    const rowsOfB = await projectRows(client, PROJECT_B);
    let flush: Promise<unknown> | undefined;
    const erasure = await t.store.eraseProject(PROJECT_A, {
      afterTable: async (table) => {
        if (table !== 'api_keys') return;
        // Visitors 20 to 39 of A on the old day (20 to 29 known before the erase) and 10 on a new day.
        flush = t.store.applyBatch(
          batchOf([
            ...events(PROJECT_A, OLD_DAY, 20, 20),
            ...events(PROJECT_A, NEW_DAY, 0, 10),
            ...events(PROJECT_B, NEW_DAY, 0, 5),
          ]),
        );
        // It waits on the first rows of A it locks, the sessions the erase removed.
        await waitForLockWait(client, 'FOR UPDATE OF s');
      },
    });
    await flush;

    // Five event and KPI rows and three of the visits (30 sessions of one page view each).
    expect(erasure.removed).toMatchObject({
      visit_sessions: 30,
      daily_metrics: 8,
      daily_distinct: 60,
      project_settings: 1,
    });
    // Only what the flush counted: every visitor of A new again, the old ones too, and its keys with them.
    expect(await dayState(PROJECT_A, OLD_DAY)).toEqual({ totalEvents: 20, uniqueUsers: 20, userKeys: 20 });
    expect(await dayState(PROJECT_A, NEW_DAY)).toEqual({ totalEvents: 10, uniqueUsers: 10, userKeys: 10 });
    expect(await projectRowCounts(client, PROJECT_A)).toMatchObject({
      distinct_sketch_deltas: 1,
      distinct_sketches: 0,
      project_settings: 0,
    });
    const rowsOfBAfter = await projectRows(client, PROJECT_B);
    expect(rowsOfBAfter.daily_distinct).toEqual(expect.arrayContaining(rowsOfB.daily_distinct));
    expect(await dayState(PROJECT_B, OLD_DAY)).toEqual({ totalEvents: 30, uniqueUsers: 30, userKeys: 30 });
    expect(await dayState(PROJECT_B, NEW_DAY)).toEqual({ totalEvents: 5, uniqueUsers: 5, userKeys: 5 });
  });

  it('keeps whole a flush of new rows only that commits while it runs: every statement sees one snapshot', async () => {
    // Nothing of this flush meets a row of the erase (new visitors and sessions on a new day), so it does not
    // wait: it commits between two statements.
    const erasure = await t.store.eraseProject(PROJECT_A, {
      afterTable: async (table) => {
        if (table === 'daily_metrics') await t.store.applyBatch(batchOf(events(PROJECT_A, NEW_DAY, 500, 10)));
      },
    });

    expect(erasure.removed).toMatchObject({
      visit_sessions: 30,
      daily_metrics: 8,
      daily_distinct: 60,
      distinct_sketch_deltas: 1,
    });
    expect(await dayState(PROJECT_A, NEW_DAY)).toEqual({ totalEvents: 10, uniqueUsers: 10, userKeys: 10 });
    expect(await dayState(PROJECT_A, OLD_DAY)).toEqual({ totalEvents: 0, uniqueUsers: 0, userKeys: 0 });
    expect(await projectRowCounts(client, PROJECT_A)).toMatchObject({
      visit_sessions: 10,
      distinct_sketch_deltas: 1,
    });
  });

  it('takes every flush whole or not at all while a writer keeps flushing both projects', async () => {
    // Flush i: A's visitors 3i to 3i + 4 on the old day and 2i to 2i + 2 on a new one (each flush meets
    // visitors of the one before), B's visitors 100 + i and 101 + i.
    const flushOf = (i: number) => [
      ...events(PROJECT_A, OLD_DAY, 100 + 3 * i, 5),
      ...events(PROJECT_A, NEW_DAY, 2 * i, 3),
      ...events(PROJECT_B, OLD_DAY, 100 + i, 2),
    ];
    let flushes = 0;
    // Ten flushes more once the erase is done, however many it took.
    let erasedAfter = Number.POSITIVE_INFINITY;
    const writer = (async () => {
      while (flushes < erasedAfter + 10) {
        await t.store.applyBatch(batchOf(flushOf(flushes)));
        flushes++;
      }
    })();
    while (flushes < 10) await new Promise((resolve) => setTimeout(resolve, 5));
    await t.store.eraseProject(PROJECT_A);
    erasedAfter = flushes;
    await writer;

    // A's rows are those of the flushes from some k on, with the visitors they brought, and nothing else.
    const [oldDay, newDay] = [await dayState(PROJECT_A, OLD_DAY), await dayState(PROJECT_A, NEW_DAY)];
    const k = flushes - newDay.totalEvents / 3;
    expect(k >= 10 && k < flushes).toBe(true);
    const visitorsSince = (first: number, step: number, each: number) =>
      new Set(
        Array.from(
          { length: (flushes - first) * each },
          (_, n) => (first + Math.floor(n / each)) * step + (n % each),
        ),
      ).size;
    expect(oldDay).toEqual({
      totalEvents: 5 * (flushes - k),
      uniqueUsers: visitorsSince(k, 3, 5),
      userKeys: visitorsSince(k, 3, 5),
    });
    expect(newDay).toEqual({
      totalEvents: 3 * (flushes - k),
      uniqueUsers: visitorsSince(k, 2, 3),
      userKeys: visitorsSince(k, 2, 3),
    });
    // B's rows hold every flush.
    expect(await dayState(PROJECT_B, OLD_DAY)).toEqual({
      totalEvents: 30 + 2 * flushes,
      uniqueUsers: 30 + flushes + 1,
      userKeys: 30 + flushes + 1,
    });
  });
});
