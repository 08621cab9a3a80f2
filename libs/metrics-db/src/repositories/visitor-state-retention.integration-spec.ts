import { Client } from 'pg';
import type { CountedEvent, MetricsBatch, RetentionStep, RetentionStepResult } from '../metrics-store.types';
import {
  openTestStore,
  PROJECT_A,
  PROJECT_B,
  segmentOf,
  type TestStore,
} from '../testing/metrics-store.fixture';
import { RETENTION_LOCK_KEY } from './visitor-state-retention.operation';

const DATES = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05'];
const BEFORE = '2026-10-04';
let offset = 0;

/** `count` visitors of a project-day, each with a session of that day only. */
const visitors = (projectId: string, date: string, count: number, from = 0): Partial<CountedEvent>[] =>
  Array.from({ length: count }, (_, i) => ({
    projectId,
    date,
    instantMs: Date.parse(`${date}T10:00:00Z`) + i,
    visitorKey: BigInt(from + i),
    sessionKey: BigInt(Date.parse(date) + from + i),
  }));

/** On partition 0 unless told: flushes in flight at once go to partitions of their own, since of two
 * flushes of one partition committed out of order the store skips the older one as counted already. */
function batchOf(events: Partial<CountedEvent>[], keysKeptFrom?: string, partition = 0): MetricsBatch {
  const segment = segmentOf(partition, offset, events);
  offset += events.length;
  return { groupId: 'retention', topic: 't', segments: [segment], keysKeptFrom };
}

describe('removing visitor state past DISTINCT_KEY_RETENTION_DAYS', () => {
  let t: TestStore;
  let client: Client;
  const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
  const keysByDate = async () =>
    (
      await client.query<{ date: string; n: number }>(
        `SELECT date::text, count(*)::int AS n FROM daily_distinct GROUP BY 1 ORDER BY 1`,
      )
    ).rows;
  const counters = () =>
    client.query(`SELECT project_id, date, metric_name, metric_value FROM daily_metrics ORDER BY 1, 2, 3`);
  /** Steps until done, as the consumer runs them; the steps taken. */
  const runToTheEnd = async (step: Omit<RetentionStep, 'after'>, between?: () => Promise<void>) => {
    const results: RetentionStepResult[] = [];
    let after: RetentionStep['after'];
    for (;;) {
      const result = await t.store.removeExpiredVisitorState({ ...step, after });
      results.push(result);
      if (result.status !== 'more') return results;
      after = result.after;
      await between?.();
    }
  };

  beforeAll(async () => {
    t = await openTestStore();
    client = new Client({ connectionString: t.database.url });
    await client.connect();
    for (const date of DATES)
      await t.store.applyBatch(batchOf([...visitors(PROJECT_A, date, 7), ...visitors(PROJECT_B, date, 4)]));
  });
  afterAll(async () => {
    await client.end();
    await t.dispose();
  });

  it('removes exactly the keys and sessions of the dates before the limit, in small steps, while flushes go on', async () => {
    const before = await counters();
    const flushed: Promise<unknown>[] = [];
    const results = await runToTheEnd({ before: BEFORE, maxRows: 3 }, async () => {
      // A flush of kept dates between every two steps: new visitors of 10-04 and 10-05.
      const events = visitors(PROJECT_A, '2026-10-05', 1, 100 + flushed.length);
      flushed.push(t.store.applyBatch(batchOf(events, undefined, 1 + flushed.length)));
    });
    await Promise.all(flushed);

    expect(results.at(-1)).toMatchObject({ status: 'done' });
    expect(results.filter((r) => r.status === 'more').length).toBeGreaterThan(10);
    expect(await keysByDate()).toEqual([
      { date: '2026-10-04', n: 22 },
      { date: '2026-10-05', n: 22 + 2 * flushed.length },
    ]);
    expect(await count(`SELECT count(*) AS n FROM visit_sessions WHERE end_date < '${BEFORE}'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM visit_sessions`)).toBe(22 + flushed.length);
    // The counters of the dates removed stay as they were.
    const kept = (await counters()).rows.filter((row) => row.date < new Date(`${BEFORE}T00:00:00Z`));
    expect(kept).toEqual(before.rows.filter((row) => row.date < new Date(`${BEFORE}T00:00:00Z`)));
    expect(await count(`SELECT cleared_before::text = '${BEFORE}' AS n FROM visitor_state_retention`)).toBe(
      1,
    );

    // Done already: the next run removes nothing and looks at no day.
    expect(await runToTheEnd({ before: BEFORE })).toEqual([
      { status: 'done', sessionsRemoved: 0, keysRemoved: 0 },
    ]);
  });

  it('counts an event of a date past the limit in the summed metrics only', async () => {
    const day = '2026-10-02';
    const totals = async () =>
      (
        await client.query<{ metric_name: string; metric_value: string }>(
          `SELECT metric_name, metric_value FROM daily_metrics WHERE project_id = $1 AND date = $2 ORDER BY 1`,
          [PROJECT_B, day],
        )
      ).rows.map((row) => `${row.metric_name} ${row.metric_value}`);
    const before = await totals();
    const result = await t.store.applyBatch(batchOf(visitors(PROJECT_B, day, 2, 1_000), BEFORE));
    expect(result).toMatchObject({ appliedEvents: 2, pastKeyRetention: 2, newDistinctKeys: 0 });
    const bumped = (line: string) =>
      line.startsWith('page_view ') || line.startsWith('total_events ') || line.startsWith('total_pageviews ')
        ? line.replace(/\d+$/, (n) => String(Number(n) + 2))
        : line;
    expect(await totals()).toEqual(before.map(bumped));
    expect(await count(`SELECT count(*) AS n FROM daily_distinct WHERE date = '${day}'`)).toBe(0);
  });

  it('lets one process remove at a time: another is busy and removes nothing', async () => {
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [RETENTION_LOCK_KEY]);
      expect(await t.store.removeExpiredVisitorState({ before: '2026-10-06' })).toEqual({ status: 'busy' });
      expect(
        await count(`SELECT count(*) AS n FROM daily_distinct WHERE date = '2026-10-05'`),
      ).toBeGreaterThan(0);
    } finally {
      await other.end();
    }
  });
});
