import type { ChildProcess } from 'node:child_process';
import { pageViewNow, projectId, type TestRecord } from '../testing/event-stream.fixture';
import {
  exited,
  openTestBed,
  produce,
  readDailyMetrics,
  readTopic,
  spawnConsumer,
  waitUntilDrained,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const P1 = projectId(1);
const YESTERDAY = Date.now() - 86_400_000;

/** An event of `type` for project 1, now (or yesterday), the `n`th. */
const typed = (n: number, type: string, at = Date.now()): TestRecord =>
  pageViewNow(n, { type, timestamp: new Date(at).toISOString() });

describe('MAX_TYPES_PER_DAY: runaway event types (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    bed = await openTestBed(2);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await bed.dispose();
  });

  it('dead-letters a type that would be one too many for its day, the same way after a crash', async () => {
    const env = { ...bed.env, MAX_TYPES_PER_DAY: '3', FLUSH_INTERVAL_MS: '100' };
    child = spawnConsumer(env);
    await produce(bed.topic, [typed(1, 'alpha'), typed(2, 'beta'), typed(3, 'gamma'), typed(4, 'delta')]);
    await waitUntilDrained(bed);
    // A crash, then more: the day holds three types, so a fourth is refused, a known one counted.
    child.kill('SIGKILL');
    await exited(child);
    child = spawnConsumer(env);
    await produce(bed.topic, [
      typed(5, 'epsilon'),
      typed(6, 'alpha'),
      typed(7, 'delta'),
      // Another day has room of its own.
      typed(8, 'delta', YESTERDAY),
    ]);
    await waitUntilDrained(bed);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);

    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(YESTERDAY).toISOString().slice(0, 10);
    const rows = await readDailyMetrics(bed.database.url);
    const types = (date: string) =>
      [...rows]
        .filter(([key]) => key.startsWith(`${P1} ${date} `))
        .map(([key, value]) => `${key.split(' ')[2]} ${value}`)
        .filter((line) => /^(alpha|beta|gamma|delta|epsilon) /.test(line))
        .sort();
    expect(types(today)).toEqual(['alpha 2', 'beta 1', 'gamma 1']);
    expect(types(yesterday)).toEqual(['delta 1']);
    const letters = await readTopic(bed.dlqTopic, 3);
    expect(letters.map((l) => [l.headers['x-error-code'], JSON.parse(String(l.value)).type]).sort()).toEqual([
      ['too_many_types', 'delta'],
      ['too_many_types', 'delta'],
      ['too_many_types', 'epsilon'],
    ]);
    expect(letters[0].headers['x-error-message']).toMatch(
      /which has 3 distinct types already \(MAX_TYPES_PER_DAY=3\)$/,
    );
  }, 120_000);
});
