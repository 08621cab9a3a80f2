import type { SeededRandom } from '@metrics-store/testing';
import type { GroundTruth } from './ground-truth';
import { bucketStart, dateOfDay, dayNumber } from './local-date.calendar';
import type { MismatchLog } from './mismatch.log';

type Granularity = 'day' | 'week' | 'month';

interface Series {
  total: number;
  exact?: boolean;
  series: { start: string; value: number }[];
}

/**
 * Weeks, months and totals of distinct metrics come from HyperLogLog sketches (docs/api.md): exact
 * while they hold at most 1,000 distinct values (and then flagged `exact: true`), else estimates with a
 * standard error of 0.81%, of which 5 standard errors (4%) is the most a correct answer is off.
 */
const ESTIMATE_TOLERANCE = 0.04;
const EXACT_UP_TO = 1_000;

function differs(got: Series, want: Series): boolean {
  const off = (a: number, b: number) =>
    got.exact === false ? Math.abs(a - b) > Math.max(1, b * ESTIMATE_TOLERANCE) : a !== b;
  if (off(got.total, want.total) || got.series.length !== want.series.length) return true;
  return got.series.some(
    (point, i) => point.start !== want.series[i].start || off(point.value, want.series[i].value),
  );
}

const smallEverywhere = (want: Series) =>
  want.total <= EXACT_UP_TO && want.series.every((point) => point.value <= EXACT_UP_TO);

const METRICS = [
  'total_events',
  'total_pageviews',
  'page_view',
  'click',
  'purchase',
  'video_play',
  'unique_users',
  'sessions',
  'visits',
  'bounces',
  'visit_duration_ms',
  'visit_pageviews',
];
const DISTINCT = new Set(['unique_users', 'sessions']);

/** The contract's answer for one range, from the ground truth: sums, or distinct counts over each bucket. */
function expectedSeries(
  truth: GroundTruth,
  rows: Map<string, number>,
  projectId: string,
  from: string,
  to: string,
  granularity: Granularity,
  metric: string,
): Series {
  const buckets: { start: string; dates: string[] }[] = [];
  for (let day = dayNumber(from); day <= dayNumber(to); day += 1) {
    const date = dateOfDay(day);
    const start = bucketStart(date, granularity) < from ? from : bucketStart(date, granularity);
    if (buckets.length === 0 || buckets[buckets.length - 1].start !== start)
      buckets.push({ start, dates: [] });
    buckets[buckets.length - 1].dates.push(date);
  }
  if (!DISTINCT.has(metric)) {
    const series = buckets.map((bucket) => ({
      start: bucket.start,
      value: bucket.dates.reduce((sum, date) => sum + (rows.get(`${projectId}|${date}|${metric}`) ?? 0), 0),
    }));
    return { total: series.reduce((sum, point) => sum + point.value, 0), series };
  }
  const all = new Set<string>();
  const series = buckets.map((bucket) => {
    const union = new Set<string>();
    for (const date of bucket.dates) {
      const sets = truth.days.get(`${projectId}|${date}`);
      for (const key of (metric === 'unique_users' ? sets?.users : sets?.sessions) ?? []) {
        union.add(key);
        all.add(key);
      }
    }
    return { start: bucket.start, value: union.size };
  });
  return { total: all.size, series };
}

/** A sample of ranges, for `projects`, each at day, week and month granularity, that ends on `lastDate`. */
function sampleRanges(
  random: SeededRandom,
  lastDate: string,
): { from: string; to: string; granularity: Granularity }[] {
  const last = dayNumber(lastDate);
  const ranges: { from: string; to: string; granularity: Granularity }[] = [];
  const dayEnd = last - random.int(0, 40);
  ranges.push({ from: dateOfDay(dayEnd - random.int(7, 45)), to: dateOfDay(dayEnd), granularity: 'day' });
  const weekEnd = last - random.int(0, 20);
  ranges.push({
    from: dateOfDay(weekEnd - random.int(20, 120)),
    to: dateOfDay(weekEnd),
    granularity: 'week',
  });
  ranges.push({ from: dateOfDay(last - random.int(60, 330)), to: dateOfDay(last + 1), granularity: 'month' });
  return ranges;
}

/** Reads a sample of ranges through GET /v1/projects/{id}/metrics and compares every total and point. */
export async function compareApiSample(options: {
  baseUrl: string;
  token: string;
  truth: GroundTruth;
  rows: Map<string, number>;
  projectIds: string[];
  lastDate: string;
  random: SeededRandom;
  mismatches: MismatchLog;
}): Promise<number> {
  let compared = 0;
  for (const projectId of options.projectIds) {
    for (const range of sampleRanges(options.random, options.lastDate)) {
      const query = new URLSearchParams({ ...range, metrics: METRICS.join(',') });
      const what = `${projectId} ${range.granularity} ${range.from}..${range.to}`;
      const response = await fetch(`${options.baseUrl}/v1/projects/${projectId}/metrics?${query}`, {
        headers: { authorization: `Bearer ${options.token}` },
      });
      if (!response.ok) {
        options.mismatches.add(
          'api',
          `${what} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
        );
        continue;
      }
      const body = (await response.json()) as { metrics: Record<string, Series> };
      for (const metric of METRICS) {
        compared += 1;
        const want = expectedSeries(
          options.truth,
          options.rows,
          projectId,
          range.from,
          range.to,
          range.granularity,
          metric,
        );
        const got = body.metrics?.[metric];
        if (!got) options.mismatches.add('api', `${what} has no ${metric}`);
        else if (got.exact === false && smallEverywhere(want))
          options.mismatches.add(
            'api',
            `${what} ${metric} says exact: false for at most ${EXACT_UP_TO} distinct values`,
          );
        else if (differs(got, want)) {
          options.mismatches.add(
            'api',
            `${what} ${metric} differs: got ${got.total} ${JSON.stringify(got.series).slice(0, 200)}, expected ${want.total} ${JSON.stringify(want.series).slice(0, 200)}`,
          );
        }
      }
    }
  }
  return compared;
}
