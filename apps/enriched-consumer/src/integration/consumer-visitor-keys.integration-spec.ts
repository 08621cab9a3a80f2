import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { createLogger } from '@metrics-store/runtime';
import { TEST_VISITOR_KEY_SECRET } from '@metrics-store/testing';
import { loadConsumerConfig } from '../consumer.config';
import { startConsumer, type RunningConsumer } from '../enriched-consumer.service';
import { pageViewNow, projectId } from '../testing/event-stream.fixture';
import { openTestBed, produce, waitUntil, type ConsumerTestBed } from '../testing/consumer-run.fixture';

const IDS = ['alice@example.com', 'bob@example.com', 'carol', 'device-7f3a'];
const PROJECTS = [projectId(1), projectId(2)];

/** The stored key of docs/events.md, worked out here from the test secret. */
const contractKey = (project: string, kind: 'visitor' | 'session', id: string) =>
  createHmac('sha256', TEST_VISITOR_KEY_SECRET)
    .update(`${project}\0${kind}\0${id}`, 'utf8')
    .digest()
    .readBigInt64BE(0)
    .toString();

describe('what the store keeps of visitors: keyed keys (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  let consumer: RunningConsumer | undefined;
  let client: Client;

  beforeAll(async () => {
    bed = await openTestBed(2);
    consumer = await startConsumer(loadConsumerConfig({ ...bed.env, SKETCH_MERGE_INTERVAL_MS: '100' }), {
      logger: createLogger({ name: 'consumer-test', level: 'warn' }),
      onFatal: (error) => {
        throw error;
      },
    });
    client = new Client({ connectionString: bed.database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await consumer?.stop();
    await bed?.dispose();
  });

  it('stores each id as the HMAC of the contract, different per project, never as the plain SHA-256', async () => {
    // Every id as a user, an anonymous visitor and a session, in both projects.
    const records = PROJECTS.flatMap((project, p) =>
      IDS.map((id, i) =>
        pageViewNow(p * 100 + i, {
          project_id: project,
          ...(i % 2 === 0 ? { user_id: id } : { anonymous_id: id }),
          session_id: id,
        }),
      ),
    );
    await produce(bed.topic, records);
    const stored = async () =>
      (
        await client.query<{ project_id: string; kind: number; key: string }>(
          `SELECT project_id::text, kind, key::text FROM daily_distinct ORDER BY 1, 2, 3`,
        )
      ).rows;
    await waitUntil('the 16 keys', async () => (await stored()).length === 16, 30_000);
    const expected = PROJECTS.flatMap((project) =>
      (['visitor', 'session'] as const).flatMap((kind, k) =>
        IDS.map((id) => ({ project_id: project, kind: k + 1, key: contractKey(project, kind, id) })),
      ),
    );
    const order = (rows: { project_id: string; kind: number; key: string }[]) =>
      [...rows].sort((a, b) =>
        `${a.project_id} ${a.kind} ${a.key}`.localeCompare(`${b.project_id} ${b.kind} ${b.key}`),
      );
    expect(order(await stored())).toEqual(order(expected));

    // What anyone could try with a copy of the database and a guess finds nothing, anywhere keys are kept.
    await waitUntil(
      'the sketches to hold the keys',
      async () => (await client.query('SELECT 1 FROM distinct_sketch_deltas')).rowCount === 0,
      30_000,
    );
    const guesses = await client.query<{ found: number }>(
      `WITH guesses AS (
         SELECT substring(sha256(convert_to(id, 'UTF8')) FROM 1 FOR 8) AS bytes FROM unnest($1::text[]) AS id
       )
       SELECT (SELECT count(*) FROM daily_distinct d, guesses g WHERE int8send(d.key) = g.bytes)
            + (SELECT count(*) FROM visit_sessions s, guesses g WHERE int8send(s.session_key) = g.bytes)
            + (SELECT count(*) FROM distinct_sketches s, guesses g WHERE position(g.bytes IN s.sketch) > 0)
            AS found`,
      [IDS],
    );
    expect(Number(guesses.rows[0].found)).toBe(0);
    // The sketches do hold the keyed keys (EXPLICIT while small): the check above could find one.
    const keyed = await client.query<{ found: string }>(
      `SELECT count(*) AS found FROM distinct_sketches s
       WHERE s.period = 'day' AND s.metric_name = 'unique_users' AND position(int8send($1::bigint) IN s.sketch) > 0`,
      [contractKey(PROJECTS[0], 'visitor', IDS[0])],
    );
    expect(Number(keyed.rows[0].found)).toBe(1);
  }, 90_000);
});
