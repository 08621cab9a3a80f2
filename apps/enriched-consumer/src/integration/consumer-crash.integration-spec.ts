import type { ChildProcess } from 'node:child_process';
import { projectId, randomStream } from '../testing/event-stream.fixture';
import {
  countedRecords,
  exited,
  openTestBed,
  produce,
  produceInBackground,
  expectExactCounts,
  spawnConsumer,
  waitUntil,
  waitUntilDrained,
  type BackgroundProduction,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const EVENTS = 100_000;
// Written while the consumer is killed again and again; the rest after, so that every kill lands mid-stream.
const FIRST_PART = 70_000;
const ZONES = new Map([
  [projectId(1), 'Asia/Kathmandu'],
  [projectId(2), 'Australia/Lord_Howe'],
  [projectId(3), 'America/New_York'],
  [projectId(4), 'Europe/Berlin'],
  [projectId(5), 'Pacific/Chatham'],
]);

describe('enriched-consumer killed with SIGKILL mid-stream', () => {
  let bed: ConsumerTestBed;
  let child: ChildProcess | undefined;
  let producing: BackgroundProduction | undefined;

  beforeAll(async () => {
    bed = await openTestBed(4);
    for (const [project, zone] of ZONES) await bed.store.setProjectTimezone(project, zone);
  });
  afterAll(async () => {
    await producing?.stop();
    child?.kill('SIGKILL');
    await bed?.dispose();
  });

  it('counts every record exactly once across three kill -9 and restarts', async () => {
    const records = randomStream({ count: EVENTS, projects: 200, days: 30, seed: 7, nowMs: Date.now() });
    // Spread over several seconds, so that the kills land while records still arrive.
    producing = produceInBackground(bed.topic, records.slice(0, FIRST_PART), 2_000, 150);
    // Flushes of at most 5,000 records: three incarnations cannot count the whole first part between them.
    const env = { ...bed.env, BATCH_MAX_EVENTS: '5000' };

    const killsAt: number[] = [];
    for (let kill = 0; kill < 3; kill += 1) {
      child = spawnConsumer(env);
      const before = await countedRecords(bed);
      // Kill only once this incarnation has flushed something, at a moment that varies from run to run.
      await waitUntil(
        'progress before the kill',
        async () => (await countedRecords(bed)) >= before + 5_000,
        90_000,
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      child.kill('SIGKILL');
      await exited(child);
      killsAt.push(await countedRecords(bed));
    }
    expect(killsAt.every((counted) => counted < FIRST_PART)).toBe(true);

    child = spawnConsumer(env);
    await producing.done;
    await produce(bed.topic, records.slice(FIRST_PART), 2_000, 150);
    await waitUntilDrained(bed, 120_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);

    await expectExactCounts(bed, records, ZONES);
  }, 300_000);
});
