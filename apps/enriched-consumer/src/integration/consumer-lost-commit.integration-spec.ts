import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
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
import { LostCommitSimulator } from '../testing/lost-commit.simulator';

const EVENTS = 60_000;
const FIRST_PART = 45_000;
const ZONES = new Map([[projectId(1), 'Asia/Kathmandu']]);

describe('enriched-consumer when PostgreSQL loses acknowledged commits', () => {
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

  it('continues only from the stored offsets: every record counted exactly once, with a warning', async () => {
    const records = randomStream({ count: EVENTS, projects: 100, days: 20, seed: 31, nowMs: Date.now() });
    // The last records are written after the last lost commit, so that a flush always follows it and finds the
    // stored offsets behind the consumer's; small flushes keep the consumer from counting all of the first part
    // before the crashes are over.
    producing = produceInBackground(bed.topic, records.slice(0, FIRST_PART), 1_000, 150);
    child = spawnConsumer({ ...bed.env, BATCH_MAX_EVENTS: '2000' }, 'pipe');
    const warnings: string[] = [];
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes('positions_out_of_date')) warnings.push(line);
      });

    const crashes = new LostCommitSimulator(bed.database.url);
    for (let crash = 0; crash < 2; crash += 1) {
      const before = await countedRecords(bed);
      await waitUntil('progress', async () => (await countedRecords(bed)) >= before + 5_000, 90_000);
      // Counted as of the snapshot, read in its transaction: flushes commit again at once.
      const snapshotAt = await crashes.snapshot();
      // Several flushes commit after the snapshot, then vanish as in a crash that lost their WAL.
      await waitUntil('more flushes', async () => (await countedRecords(bed)) >= snapshotAt + 5_000, 90_000);
      expect(await crashes.loseCommitsSinceSnapshot()).toBe(snapshotAt);
    }

    await producing.done;
    await produce(bed.topic, records.slice(FIRST_PART));
    await waitUntilDrained(bed, 120_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);

    await expectExactCounts(bed, records, ZONES);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  }, 300_000);
});
