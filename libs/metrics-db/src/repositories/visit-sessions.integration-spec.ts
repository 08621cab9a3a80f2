import { Client } from 'pg';
import { MetricsDbError } from '../pg/metrics-db.error';
import type { CountedEvent, MetricsBatch } from '../metrics-store.types';
import {
  openTestStore,
  PROJECT_A,
  PROJECT_B,
  segmentOf,
  type TestStore,
} from '../testing/metrics-store.fixture';

const TOPIC = 'events.enriched';
const VISIT_METRICS = ['visits', 'bounces', 'visit_duration_ms', 'visit_pageviews'];
const at = (date: string, time: string) => Date.parse(`${date}T${time}Z`);
let nextOffset = 0;

/** One batch of `group`'s `partition`, continuing where the last batch of this spec ended. */
function batchOf(events: Partial<CountedEvent>[], partition = 0, group = 'visits'): MetricsBatch {
  const segment = segmentOf(partition, nextOffset, events);
  nextOffset += events.length;
  return { groupId: group, topic: TOPIC, segments: [segment] };
}

/** The session's event: page view unless `type` says otherwise. */
const event = (
  sessionKey: bigint,
  date: string,
  time: string,
  type = 'page_view',
): Partial<CountedEvent> => ({
  sessionKey,
  date,
  instantMs: at(date, time),
  type,
});

describe('the visit metrics of sessions', () => {
  let t: TestStore;
  let client: Client;
  /** The four visit metrics of a project by date, as `date metric value`, zeros left out. */
  const visitRows = async (projectId = PROJECT_A) =>
    (
      await client.query<{ row: string }>(
        `SELECT date::text || ' ' || metric_name || ' ' || metric_value AS row FROM daily_metrics
         WHERE project_id = $1 AND metric_name = ANY($2) AND metric_value <> 0 ORDER BY date, metric_name`,
        [projectId, VISIT_METRICS],
      )
    ).rows.map((r) => r.row);

  beforeAll(async () => {
    t = await openTestStore();
    client = new Client({ connectionString: t.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await t.dispose();
  });
  beforeEach(() =>
    client.query('TRUNCATE daily_metrics, daily_distinct, visit_sessions, distinct_sketch_deltas'),
  );

  it('follows a visit over flushes: a bounce, its second event, midnight, then a late earlier event', async () => {
    await t.store.applyBatch(batchOf([event(1n, '2026-11-02', '23:50:00')]));
    expect(await visitRows()).toEqual([
      '2026-11-02 bounces 1',
      '2026-11-02 visit_pageviews 1',
      '2026-11-02 visits 1',
    ]);
    // A click past midnight: no bounce any more, 20 minutes long, still a visit of 11-02.
    await t.store.applyBatch(batchOf([event(1n, '2026-11-03', '00:10:00', 'click')]));
    expect(await visitRows()).toEqual([
      '2026-11-02 visit_duration_ms 1200000',
      '2026-11-02 visit_pageviews 1',
      '2026-11-02 visits 1',
    ]);
    // A late page view of the day before: the whole visit moves there.
    await t.store.applyBatch(batchOf([event(1n, '2026-11-01', '23:00:00')]));
    expect(await visitRows()).toEqual([
      `2026-11-01 visit_duration_ms ${(25 * 60 + 10) * 60_000}`,
      '2026-11-01 visit_pageviews 2',
      '2026-11-01 visits 1',
    ]);
    const sessions = await client.query(
      `SELECT session_key::text, start_date::text, end_date::text, events, pageviews FROM visit_sessions`,
    );
    expect(sessions.rows).toEqual([
      { session_key: '1', start_date: '2026-11-01', end_date: '2026-11-03', events: 3, pageviews: 2 },
    ]);
  });

  it('counts a session once per project, and sums the visits of a day', async () => {
    await t.store.applyBatch(
      batchOf([
        event(7n, '2026-11-05', '10:00:00'),
        event(8n, '2026-11-05', '10:00:00'),
        event(8n, '2026-11-05', '10:05:00'),
        { ...event(7n, '2026-11-05', '11:00:00'), projectId: PROJECT_B },
      ]),
    );
    expect(await visitRows()).toEqual([
      '2026-11-05 bounces 1',
      '2026-11-05 visit_duration_ms 300000',
      '2026-11-05 visit_pageviews 3',
      '2026-11-05 visits 2',
    ]);
    expect(await visitRows(PROJECT_B)).toEqual([
      '2026-11-05 bounces 1',
      '2026-11-05 visit_pageviews 1',
      '2026-11-05 visits 1',
    ]);
  });

  it('counts one visit when flushes of two partitions start the same session at once', async () => {
    // Producers that do not key by project put one session on two partitions; both flushes find it new.
    const outcomes = await Promise.allSettled(
      [0, 1].map(async (partition) => {
        const batch = batchOf(
          [event(9n, '2026-11-06', partition === 0 ? '08:00:00' : '08:30:00')],
          partition,
          'race',
        );
        for (let attempt = 0; ; attempt++) {
          try {
            return await t.store.applyBatch(batch);
          } catch (error) {
            // What the consumer does with a retriable error: try the same batch again.
            if (!(error instanceof MetricsDbError && error.retriable) || attempt > 5) throw error;
          }
        }
      }),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await visitRows()).toEqual([
      '2026-11-06 visit_duration_ms 1800000',
      '2026-11-06 visit_pageviews 2',
      '2026-11-06 visits 1',
    ]);
  });

  it('refuses, retriable and writing nothing, a flush whose new session another flush started meanwhile', async () => {
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    try {
      // Another flush's transaction has started session 12, not committed yet.
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO visit_sessions VALUES ($1, 12, now(), now(), '2026-11-07', '2026-11-07', 1, 1)`,
        [PROJECT_A],
      );
      const flush = t.store.applyBatch(batchOf([event(12n, '2026-11-07', '09:00:00')]));
      // The flush read no session 12 and waits on the other's insert; once it commits, the flush must not count
      // a second visit of that session.
      for (;;) {
        const waiting = await client.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (waiting.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await other.query('COMMIT');
      await expect(flush).rejects.toMatchObject({ code: 'session_written_concurrently', retriable: true });
    } finally {
      await other.end();
    }
    expect(await visitRows()).toEqual([]);
  });

  it('leaves sessions and distinct keys alone for dates past key retention, counting their events', async () => {
    const result = await t.store.applyBatch({
      ...batchOf([
        { ...event(3n, '2026-10-01', '12:00:00'), visitorKey: 30n },
        { ...event(3n, '2026-10-10', '12:00:00'), visitorKey: 30n },
      ]),
      keysKeptFrom: '2026-10-05',
    });
    expect(result).toMatchObject({ appliedEvents: 2, pastKeyRetention: 1, newDistinctKeys: 2 });
    expect(await visitRows()).toEqual([
      '2026-10-10 bounces 1',
      '2026-10-10 visit_pageviews 1',
      '2026-10-10 visits 1',
    ]);
    const totals = await client.query(
      `SELECT date::text, metric_name, metric_value::int FROM daily_metrics
       WHERE metric_name IN ('total_events', 'unique_users', 'sessions') ORDER BY 1, 2`,
    );
    expect(totals.rows).toEqual([
      { date: '2026-10-01', metric_name: 'total_events', metric_value: 1 },
      { date: '2026-10-10', metric_name: 'sessions', metric_value: 1 },
      { date: '2026-10-10', metric_name: 'total_events', metric_value: 1 },
      { date: '2026-10-10', metric_name: 'unique_users', metric_value: 1 },
    ]);
  });
});
