import { createMetricsStore } from '../metrics-store';
import type { CountedEvent, MetricsStore } from '../metrics-store.types';
import {
  openTestStore,
  PROJECT_A,
  PROJECT_B,
  segmentOf,
  type TestStore,
} from '../testing/metrics-store.fixture';

const PROJECTS = [PROJECT_A, PROJECT_B, '6f1c2a7e-0000-4000-8000-00000000000c'];
const DATES = ['2026-11-01', '2026-11-02'];
const TYPES = ['page_view', 'click', 'signup', 'scroll'];
const ROUNDS = 40;
const EVENTS_PER_ROUND = 60;

/** Every writer touches every (project, date, metric) and shares visitor keys with the others. */
function roundEvents(writer: number, round: number): Partial<CountedEvent>[] {
  const events = Array.from({ length: EVENTS_PER_ROUND }, (_, i) => ({
    projectId: PROJECTS[i % PROJECTS.length],
    date: DATES[(i >> 2) % DATES.length],
    type: TYPES[(i + round) % TYPES.length],
    // New keys every round, the same for both writers: they race to insert the same distinct rows.
    visitorKey: BigInt(round * 1000 + ((i * 7) % 50)),
    sessionKey: BigInt(writer * 1000 + ((i + round) % 20)),
  }));
  // Opposite orders, so that only the store's own sorting can keep the lock order the same.
  return writer % 2 === 0 ? events : events.reverse();
}

describe('applyBatch under concurrency', () => {
  let t: TestStore;
  let second: MetricsStore;
  beforeAll(async () => {
    t = await openTestStore();
    second = await createMetricsStore({ databaseUrl: t.database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await second.close();
    await second.close();
    await t.dispose();
  });

  it('gives exact totals with two writers on overlapping keys, without deadlock', async () => {
    const writers = [t.store, second].map(async (store, writer) => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const segment = segmentOf(writer, round * EVENTS_PER_ROUND, roundEvents(writer, round));
        await store.applyBatch({ groupId: 'g', topic: 't', segments: [segment] });
      }
    });
    await Promise.all(writers);

    const expected = new Map<
      string,
      { events: number; types: Map<string, number>; users: Set<bigint>; sessions: Set<bigint> }
    >();
    for (let writer = 0; writer < 2; writer += 1) {
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const e of roundEvents(writer, round)) {
          const id = `${e.projectId}/${e.date}`;
          const cell = expected.get(id) ?? {
            events: 0,
            types: new Map(),
            users: new Set(),
            sessions: new Set(),
          };
          cell.events += 1;
          cell.types.set(e.type as string, (cell.types.get(e.type as string) ?? 0) + 1);
          cell.users.add(e.visitorKey as bigint);
          cell.sessions.add(e.sessionKey as bigint);
          expected.set(id, cell);
        }
      }
    }
    for (const projectId of PROJECTS) {
      for (const date of DATES) {
        const cell = expected.get(`${projectId}/${date}`);
        const got = await t.store.readSeries({
          projectId,
          from: date,
          to: date,
          metrics: ['total_events', 'unique_users', 'sessions', ...TYPES],
          granularity: 'day',
        });
        expect({
          events: got.total_events.total,
          users: got.unique_users.total,
          sessions: got.sessions.total,
          types: TYPES.map((type) => got[type].total),
        }).toEqual({
          events: cell?.events,
          users: cell?.users.size,
          sessions: cell?.sessions.size,
          types: TYPES.map((type) => cell?.types.get(type) ?? 0),
        });
      }
    }
  });

  it('counts a partition once when two writers apply the same records at the same time (rebalance overlap)', async () => {
    const date = '2026-12-01';
    for (let round = 0; round < 20; round += 1) {
      const segment = segmentOf(
        9,
        round * 10,
        Array.from({ length: 10 }, (_, i) => ({ date, visitorKey: BigInt(i) })),
      );
      const results = await Promise.all(
        [t.store, second].map((store) => store.applyBatch({ groupId: 'g', topic: 't', segments: [segment] })),
      );
      expect(results.map((r) => r.appliedEvents).sort()).toEqual([0, 10]);
    }
    const got = await t.store.readSeries({
      projectId: PROJECT_A,
      from: date,
      to: date,
      metrics: ['total_events', 'unique_users'],
      granularity: 'day',
    });
    expect([got.total_events.total, got.unique_users.total]).toEqual([200, 10]);
    expect((await t.store.readOffsets('g', 't', [9])).get(9)).toBe('200');
  });
});
