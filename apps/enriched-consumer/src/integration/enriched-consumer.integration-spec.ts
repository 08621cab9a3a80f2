import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '@metrics-store/runtime';
import { testKafkaBrokers } from '@metrics-store/testing';
import { loadConsumerConfig } from '../consumer.config';
import { startConsumer, type RunningConsumer } from '../enriched-consumer.service';
import { expectedRows, projectId, type TestEvent, type TestRecord } from '../testing/event-stream.fixture';
import {
  openTestBed,
  produce,
  readDailyMetrics,
  readTopic,
  waitUntilDrained,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();
// Midnight UTC three days ago: far enough from "now" for every zone's local date to be settled.
const D = Math.floor(NOW / DAY) * DAY - 3 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
/** `ms` written with a +05:45 offset, the way a producer in Nepal might. */
const kathmanduIso = (ms: number) => `${iso(ms + 5 * HOUR + 45 * 60_000).slice(0, 19)}+05:45`;

const UTC_PROJECT = projectId(1);
const KATHMANDU = projectId(2);
const NEW_YORK = projectId(3);
const LORD_HOWE = projectId(4);
const ZONES = new Map([
  [KATHMANDU, 'Asia/Kathmandu'],
  [NEW_YORK, 'America/New_York'],
  [LORD_HOWE, 'Australia/Lord_Howe'],
]);

let serial = 0;
const event = (
  project: string,
  type: string,
  timestamp: string | number,
  ids: Partial<TestEvent> = {},
): TestRecord => {
  const value: TestEvent = {
    event_id: `0b7e4a8e-1c1d-4f6e-9a63-${(serial += 1).toString(16).padStart(12, '0')}`,
    project_id: project,
    type,
    timestamp,
    url: 'https://example.com/',
    ...ids,
  };
  return { key: project.toLowerCase(), value: JSON.stringify(value), event: value };
};
const invalid = (key: string | null, value: string | Buffer | null): TestRecord => ({ key, value });

const MAX_EVENT_BYTES = 2_048;

/** Every metric of section 2, zones with odd offsets and DST, local midnights, late events, bad records. */
function knownRecords(): TestRecord[] {
  return [
    event(UTC_PROJECT, 'page_view', iso(D + 10 * HOUR), { user_id: 'u1', session_id: 's1' }),
    event(UTC_PROJECT, 'page_view', D + 11 * HOUR, { user_id: 'u1', anonymous_id: 'a9', session_id: 's1' }),
    event(UTC_PROJECT, 'screen_view', iso(D + 12 * HOUR), { anonymous_id: 'a1', session_id: 's2' }),
    event(UTC_PROJECT, 'click', iso(D + 13 * HOUR)),
    event(UTC_PROJECT, 'signup', D + DAY - 1, { user_id: 'u2' }),
    event(UTC_PROJECT, 'click', D + DAY, { anonymous_id: 'u1' }),
    invalid(UTC_PROJECT, '{"event_id": "not even json'),
    event(UTC_PROJECT.toUpperCase(), 'purchase', iso(D + 14 * HOUR), { user_id: 'u3', session_id: 's3' }),
    // Late events count on their own day.
    event(UTC_PROJECT, 'page_view', iso(NOW - 100 * DAY), { user_id: 'u1' }),
    event(NEW_YORK, 'click', NOW - 399 * DAY, { session_id: 'old' }),
    // Kathmandu (+05:45): local midnight of D+1 is D+18:15Z.
    event(KATHMANDU, 'page_view', kathmanduIso(D + 18 * HOUR + 14 * 60_000), {
      user_id: 'k1',
      session_id: 'ks1',
    }),
    event(KATHMANDU, 'page_view', kathmanduIso(D + 18 * HOUR + 15 * 60_000), {
      user_id: 'k1',
      session_id: 'ks1',
    }),
    invalid(
      KATHMANDU,
      JSON.stringify({ event_id: 'x', project_id: KATHMANDU, type: 'page_view', timestamp: 1 }),
    ),
    // New York: D+03:00Z is still the day before there, D+05:00Z is day D in winter and summer alike.
    event(NEW_YORK, 'page_view', iso(D + 3 * HOUR), { anonymous_id: 'n1' }),
    event(NEW_YORK, 'page_view', iso(D + 5 * HOUR), { anonymous_id: 'n1' }),
    invalid(
      NEW_YORK,
      JSON.stringify({
        event_id: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
        project_id: NEW_YORK,
        type: 'sessions',
        timestamp: iso(D),
      }),
    ),
    invalid(
      NEW_YORK,
      JSON.stringify({
        event_id: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
        project_id: NEW_YORK,
        type: 'click',
        timestamp: '2026-01-01T10:00:00',
      }),
    ),
    // Lord Howe (+10:30, +11:00 in southern summer): events either side of 13:00Z and 13:30Z.
    event(LORD_HOWE, 'signup', iso(D + 12 * HOUR + 59 * 60_000), { user_id: 'l1' }),
    event(LORD_HOWE, 'signup', iso(D + 13 * HOUR + 15 * 60_000), { user_id: 'l1' }),
    event(LORD_HOWE, 'signup', iso(D + 13 * HOUR + 45 * 60_000), { user_id: 'l2' }),
    invalid(
      LORD_HOWE,
      JSON.stringify({
        event_id: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
        project_id: LORD_HOWE,
        type: 'click',
        timestamp: NOW - 401 * DAY,
      }),
    ),
    invalid(
      LORD_HOWE,
      JSON.stringify({
        event_id: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
        project_id: LORD_HOWE,
        type: 'click',
        timestamp: iso(NOW + 2 * DAY),
      }),
    ),
    invalid(
      UTC_PROJECT,
      JSON.stringify({
        ...JSON.parse(String(event(UTC_PROJECT, 'click', iso(D)).value)),
        padding: 'x'.repeat(MAX_EVENT_BYTES),
      }),
    ),
    invalid(null, Buffer.from([0x7b, 0xff, 0x00, 0x7d])),
    event(UTC_PROJECT, 'page_view', iso(D + 15 * HOUR), { user_id: 'u4', session_id: 's1' }),
  ];
}

const EXPECTED_CODES = [
  'invalid_json',
  'invalid_event',
  'invalid_event',
  'invalid_event',
  'timestamp_out_of_range',
  'timestamp_out_of_range',
  'too_large',
  'invalid_json',
];

describe('enriched-consumer end to end (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  let consumer: RunningConsumer | undefined;
  const fatalErrors: unknown[] = [];
  const logger = createLogger({ name: 'consumer-test', level: 'warn' });
  const start = async () => {
    const config = loadConsumerConfig({
      ...bed.env,
      MAX_EVENT_BYTES: String(MAX_EVENT_BYTES),
      FLUSH_INTERVAL_MS: '100',
    });
    consumer = await startConsumer(config, { logger, onFatal: (error) => fatalErrors.push(error) });
  };
  const stop = async () => {
    await consumer?.stop();
    consumer = undefined;
  };
  const records = knownRecords();
  const validEvents = () => records.flatMap((record) => (record.event ? [record.event] : []));

  beforeAll(async () => {
    bed = await openTestBed(3);
    for (const [project, zone] of ZONES) await bed.store.setProjectTimezone(project, zone);
  });
  afterEach(() => expect(fatalErrors).toEqual([]));
  afterAll(async () => {
    await stop();
    await bed?.dispose();
  });

  it('counts a known stream exactly and dead-letters every invalid record unchanged', async () => {
    await produce(bed.topic, records);
    await start();
    await waitUntilDrained(bed);

    const rows = await readDailyMetrics(bed.database.url);
    expect(rows).toEqual(expectedRows(validEvents(), ZONES));
    // Spot checks written by hand, so that the truth function itself is checked too.
    const day = (offsetDays: number) => iso(D + offsetDays * DAY).slice(0, 10);
    expect(rows.get(`${UTC_PROJECT} ${day(0)} unique_users`)).toBe(5); // u1, a1, u2, u3, u4
    expect(rows.get(`${UTC_PROJECT} ${day(0)} sessions`)).toBe(3);
    expect(rows.get(`${UTC_PROJECT} ${day(0)} total_pageviews`)).toBe(4);
    expect(rows.get(`${UTC_PROJECT} ${day(0)} total_events`)).toBe(7);
    expect(rows.get(`${KATHMANDU} ${day(0)} page_view`)).toBe(1);
    expect(rows.get(`${KATHMANDU} ${day(1)} page_view`)).toBe(1);
    expect(rows.get(`${NEW_YORK} ${day(-1)} page_view`)).toBe(1);
    expect(rows.get(`${NEW_YORK} ${day(0)} page_view`)).toBe(1);

    const invalidRecords = records.filter((record) => !record.event);
    const dlq = await readTopic(bed.dlqTopic, invalidRecords.length);
    expect(dlq).toHaveLength(invalidRecords.length);
    expect(dlq.map((letter) => letter.headers['x-error-code']).sort()).toEqual([...EXPECTED_CODES].sort());
    const source = await readTopic(bed.topic, records.length);
    for (const letter of dlq) {
      expect(letter.headers['x-source-topic']).toBe(bed.topic);
      expect(letter.headers['x-error-message'].length).toBeGreaterThan(0);
      const original = source.find(
        (record) =>
          String(record.partition) === letter.headers['x-source-partition'] &&
          record.offset === letter.headers['x-source-offset'],
      );
      expect(original).toBeDefined();
      expect(letter.key).toEqual(original?.key);
      expect(letter.value).toEqual(original?.value);
    }
  });

  it('counts nothing twice when the group offsets are reset to the earliest, and skips nothing after a reset to latest', async () => {
    const admin = new Kafka({
      clientId: 'consumer-test',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      await stop();
      await admin.resetOffsets({ groupId: bed.groupId, topic: bed.topic, earliest: true });
      const replayTail = [event(UTC_PROJECT, 'click', iso(D + 16 * HOUR), { user_id: 'u5' })];
      records.push(...replayTail);
      await produce(bed.topic, replayTail);
      await start();
      await waitUntilDrained(bed);
      expect(await readDailyMetrics(bed.database.url)).toEqual(expectedRows(validEvents(), ZONES));

      // Records produced while stopped, then Kafka told to start at the end: they must still be counted.
      await stop();
      const gap = [
        event(KATHMANDU, 'signup', iso(D + 2 * HOUR), { user_id: 'k2' }),
        event(NEW_YORK, 'click', iso(D + 20 * HOUR)),
      ];
      records.push(...gap);
      await produce(bed.topic, gap);
      await admin.resetOffsets({ groupId: bed.groupId, topic: bed.topic, earliest: false });
      await start();
      await waitUntilDrained(bed);
      expect(await readDailyMetrics(bed.database.url)).toEqual(expectedRows(validEvents(), ZONES));
    } finally {
      await admin.disconnect();
    }
  });
});
