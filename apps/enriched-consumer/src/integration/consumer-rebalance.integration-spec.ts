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

const EVENTS = 60_000;
// Written while members join and leave; the rest after, so that the leave always lands mid-stream.
const FIRST_PART = 45_000;
const ZONES = new Map([
  [projectId(1), 'Asia/Kathmandu'],
  [projectId(2), 'America/Los_Angeles'],
]);

describe('enriched-consumer group rebalancing mid-stream', () => {
  let bed: ConsumerTestBed;
  const children: ChildProcess[] = [];
  let producing: BackgroundProduction | undefined;
  const spawnMember = () => {
    const child = spawnConsumer(bed.env);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    bed = await openTestBed(6);
    for (const [project, zone] of ZONES) await bed.store.setProjectTimezone(project, zone);
  });
  afterAll(async () => {
    await producing?.stop();
    for (const child of children) child.kill('SIGKILL');
    await bed?.dispose();
  });

  it('counts exactly while a third member joins and a first one leaves', async () => {
    const records = randomStream({ count: EVENTS, projects: 300, days: 10, seed: 11, nowMs: Date.now() });
    producing = produceInBackground(bed.topic, records.slice(0, FIRST_PART), 1_000, 150);
    const first = spawnMember();
    spawnMember();

    await waitUntil('two members counting', async () => (await countedRecords(bed)) >= 15_000, 90_000);
    const third = spawnMember();
    await waitUntil('three members counting', async () => (await countedRecords(bed)) >= 35_000, 90_000);
    expect(third.exitCode).toBeNull();
    // A graceful leave: the in-flight flush finishes, the member leaves the group, exit 0 within 10 s.
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(0);
    expect(await countedRecords(bed)).toBeLessThan(EVENTS);

    await producing.done;
    await produce(bed.topic, records.slice(FIRST_PART), 1_000, 150);
    await waitUntilDrained(bed, 120_000);
    await expectExactCounts(bed, records, ZONES);
  }, 300_000);
});
