import type { ChildProcess } from 'node:child_process';
import type { Granularity } from '@metrics-store/metrics-contract';
import { projectId, sessionStream } from '../testing/event-stream.fixture';
import {
  countedRecords,
  exited,
  expectExactCounts,
  openTestBed,
  produceInBackground,
  readDailyMetrics,
  spawnConsumer,
  spawnStartedConsumer,
  waitUntil,
  waitUntilDrained,
  type BackgroundProduction,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const DAY_MS = 86_400_000;
// Several zones, two of them with a daylight-saving change in the range (New York on 2026-11-01, Berlin on
// 2026-10-25), one with a half-hour offset.
const PROJECTS = [
  { id: projectId(1), zone: 'America/New_York' },
  { id: projectId(2), zone: 'Europe/Berlin' },
  { id: projectId(3), zone: 'Asia/Kathmandu' },
  { id: projectId(4), zone: 'UTC' },
];
const ZONES = new Map(PROJECTS.map((p) => [p.id, p.zone]));

/** `numerator / denominator` rounded half up to `decimals`, in whole numbers: the contract's rounding. */
function ratio(numerator: number, denominator: number, decimals: number): number | null {
  if (denominator === 0) return null;
  const scale = 10 ** decimals;
  return Math.floor((2 * numerator * scale + denominator) / (2 * denominator)) / scale;
}

describe('visits, bounces, durations and page views of sessions (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  const children: ChildProcess[] = [];
  let producing: BackgroundProduction | undefined;

  beforeAll(async () => {
    bed = await openTestBed(4);
    for (const { id, zone } of PROJECTS) await bed.store.setProjectTimezone(id, zone);
  });
  afterAll(async () => {
    await producing?.stop();
    for (const child of children) child.kill('SIGKILL');
    await bed?.dispose();
  });

  it('counts every day exactly from whole sessions, through SIGKILLs and a rebalance, and derives exact ratios', async () => {
    const nowMs = Date.now();
    const records = sessionStream({ projects: PROJECTS, sessions: 1_500, days: 80, seed: 5, nowMs });
    producing = produceInBackground(bed.topic, records, 500, 100);
    const env = { ...bed.env, BATCH_MAX_EVENTS: '2000' };
    for (let kill = 0; kill < 2; kill += 1) {
      const child = spawnConsumer(env);
      children.push(child);
      const before = await countedRecords(bed);
      await waitUntil(
        'progress before the kill',
        async () => (await countedRecords(bed)) >= before + 2_000,
        90_000,
      );
      child.kill('SIGKILL');
      await exited(child);
      children.pop();
    }
    // Two members from here on: the partitions are shared out again while records still arrive.
    children.push(await spawnStartedConsumer(env));
    children.push(await spawnStartedConsumer(env));
    await producing.done;
    await waitUntilDrained(bed, 120_000);
    for (const child of children) child.kill('SIGTERM');
    expect(await Promise.all(children.map(exited))).toEqual([0, 0]);
    children.length = 0;

    // Every day's four visit metrics (and the rest) equal what the whole stream says.
    await expectExactCounts(bed, records, ZONES);

    // The ratios the API derives, per bucket and over the range, equal those of the truth's sums.
    const rows = await readDailyMetrics(bed.database.url);
    const to = new Date(nowMs).toISOString().slice(0, 10);
    for (const { id } of PROJECTS) {
      for (const [granularity, days] of [
        ['day', 90],
        ['week', 90],
        ['month', 90],
        ['day', 7],
      ] as [Granularity, number][]) {
        const from = new Date(nowMs - (days - 1) * DAY_MS).toISOString().slice(0, 10);
        const series = await bed.store.readSeries({
          projectId: id,
          from,
          to,
          granularity,
          metrics: ['bounce_rate', 'visit_duration', 'views_per_visit', 'visits'],
        });
        const sumsBetween = (first: string, last: string) => {
          const sum = { visits: 0, bounces: 0, visit_duration_ms: 0, visit_pageviews: 0 };
          for (const [key, value] of rows) {
            const [project, date, metric] = key.split(' ');
            if (project === id && date >= first && date <= last && metric in sum)
              sum[metric as keyof typeof sum] += value;
          }
          return sum;
        };
        const expected = (first: string, last: string) => {
          const s = sumsBetween(first, last);
          return [
            ratio(s.bounces, s.visits, 4),
            ratio(s.visit_duration_ms, s.visits * 1_000, 1),
            ratio(s.visit_pageviews, s.visits, 2),
          ];
        };
        const points = series.visits.series;
        points.forEach((point, i) => {
          const last =
            i + 1 < points.length
              ? new Date(Date.parse(points[i + 1].start) - DAY_MS).toISOString().slice(0, 10)
              : to;
          expect([
            series.bounce_rate.series[i].value,
            series.visit_duration.series[i].value,
            series.views_per_visit.series[i].value,
          ]).toEqual(expected(point.start, last));
        });
        expect([series.bounce_rate.total, series.visit_duration.total, series.views_per_visit.total]).toEqual(
          expected(from, to),
        );
        expect(series.visits.total).toBeGreaterThan(0);
      }
    }
  }, 300_000);
});
