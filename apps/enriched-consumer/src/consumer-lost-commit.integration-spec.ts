import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
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
import { LostCommitSimulator } from './testing/lost-commit.simulator';

const EVENTS = 60_000;
const ZONES = new Map([[projectId(1), 'Asia/Kathmandu']]);

describe('enriched-consumer when PostgreSQL loses acknowledged commits', () => {
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

  it('continues only from the stored offsets: every record counted exactly once, with a warning', async () => {
    const records = randomStream({ count: EVENTS, projects: 100, days: 20, seed: 31, nowMs: Date.now() });
    const producing = produce(bed.topic, records, 1_000, 150);
    child = spawnConsumer(bed.env, 'pipe');
    const warnings: string[] = [];
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes('positions_out_of_date')) warnings.push(line);
      });

    const crashes = new LostCommitSimulator(bed.database.url);
    for (let crash = 0; crash < 2; crash += 1) {
      const before = await countedRecords(bed);
      await waitUntil(async () => (await countedRecords(bed)) >= before + 5_000, 90_000, 'progress');
      await crashes.snapshot();
      const snapshotAt = await countedRecords(bed);
      // Several flushes commit after the snapshot, then vanish as in a crash that lost their WAL.
      await waitUntil(async () => (await countedRecords(bed)) >= snapshotAt + 5_000, 90_000, 'more flushes');
      await crashes.loseCommitsSinceSnapshot();
      expect(await countedRecords(bed)).toBe(snapshotAt);
    }

    await producing;
    await waitUntilDrained(bed, 120_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);

    await expectExactCounts(bed, records, ZONES);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
