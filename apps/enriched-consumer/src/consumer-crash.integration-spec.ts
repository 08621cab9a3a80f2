import type { ChildProcess } from 'node:child_process';
import { projectId, randomStream } from './testing/event-stream.fixture';
import {
  countedRecords,
  exited,
  openTestBed,
  produce,
  expectExactCounts,
  spawnConsumer,
  waitUntil,
  waitUntilDrained,
  type ConsumerTestBed,
} from './testing/consumer-run.fixture';

const EVENTS = 100_000;
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

  beforeAll(async () => {
    bed = await openTestBed(4);
    for (const [project, zone] of ZONES) await bed.store.setProjectTimezone(project, zone);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await bed?.dispose();
  });

  it('counts every record exactly once across three kill -9 and restarts', async () => {
    const records = randomStream({ count: EVENTS, projects: 200, days: 30, seed: 7, nowMs: Date.now() });
    // Spread over several seconds, so that the kills land while records still arrive.
    const producing = produce(bed.topic, records, 2_000, 150);

    const killsAt: number[] = [];
    for (let kill = 0; kill < 3; kill += 1) {
      child = spawnConsumer(bed.env);
      const before = await countedRecords(bed);
      // Kill only once this incarnation has flushed something, at a moment that varies from run to run.
      await waitUntil(
        async () => (await countedRecords(bed)) >= before + 5_000,
        90_000,
        'progress before the kill',
      );
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      child.kill('SIGKILL');
      await exited(child);
      killsAt.push(await countedRecords(bed));
    }
    expect(killsAt.every((counted) => counted < EVENTS)).toBe(true);

    child = spawnConsumer(bed.env);
    await producing;
    await waitUntilDrained(bed, 120_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);

    await expectExactCounts(bed, records, ZONES);
  }, 300_000);
});
