import { GRANULARITIES, type DistinctMetric, type Granularity } from '@metrics-store/metrics-contract';
import { dateBuckets, type DateBucket } from '../domain/date-buckets.util';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';
import {
  distinctSeriesOf,
  planDistinctRead,
  type DistinctReadPlan,
} from '../domain/distinct-series.assembler';
import { LruMap } from '../domain/lru.map';
import { assertCalendarDate, normalizeProjectId } from '../domain/input.validators';
import { MetricsDbError } from '../pg/metrics-db.error';
import type { MetricSeries, SeriesQuery } from '../metrics-store.types';
import type { NamedStatement, PgStatementRunner } from '../pg/pg-statement.runner';
import { readSketchRows, sketchKey } from './sketch-rows.reader';
import { createSketchVersionCache } from './sketch-version.cache';
import type { StoredSketch } from '../domain/stored-sketch';
import { createUnionCountMemo } from '../domain/union-count.memo';

/** Some 3,000 FULL sketches (10 KB each): a few busy projects' years of weeks and months. */
const SKETCH_CACHE_BYTES = 32 * 1024 * 1024;
/** Counts of the unions read last (range totals, clipped buckets): a few hundred bytes each. */
const UNION_MEMO_ENTRIES = 10_000;
/** Calendars of the (from, to, granularity) read last: dashboards ask the same ranges again and again. */
const PLAN_ENTRIES = 1_000;

const KNOWN_GRANULARITIES: ReadonlySet<Granularity> = new Set(GRANULARITIES);
const DISTINCT_METRICS: ReadonlySet<string> = new Set(Object.values(DISTINCT_KINDS).map((d) => d.metric));

// The day as its offset from `from`: an index into the range's buckets, with no date text to format or parse.
const DAILY_ROWS: NamedStatement = {
  name: 'metrics_db_summed_rows',
  text: `
  SELECT metric_name, date - $2::date AS day, metric_value
  FROM daily_metrics
  WHERE project_id = $1 AND date BETWEEN $2::date AND $3::date AND metric_name = ANY($4::text[])`,
};

const METRIC_NAMES: NamedStatement = {
  name: 'metrics_db_metric_names',
  text: `
  SELECT DISTINCT metric_name FROM daily_metrics
  WHERE project_id = $1 AND date BETWEEN $2::date AND $3::date AND metric_value <> 0`,
};

function checkedRange(from: string, to: string): void {
  assertCalendarDate(from, 'from');
  assertCalendarDate(to, 'to');
  if (from > to) throw new MetricsDbError('invalid_date', `from (${from}) is after to (${to})`, false);
}

function summedSeries(buckets: readonly DateBucket[]): MetricSeries {
  return { total: 0, exact: true, series: buckets.map((b) => ({ start: b.start, value: 0 })) };
}

/**
 * The API's reads. Summed metrics add days up. Distinct metrics (`unique_users`, `sessions`) are exact per day
 * from daily_metrics; weeks, months and the range total are unions of the stored HyperLogLog sketches that
 * cover them, fetched in one statement and united here, so a read costs the same whatever the traffic.
 */
export class MetricSeriesRepository {
  private readonly sketchVersions = createSketchVersionCache(SKETCH_CACHE_BYTES);
  private readonly unions = createUnionCountMemo(UNION_MEMO_ENTRIES);
  private readonly plans = new LruMap<DistinctReadPlan>(PLAN_ENTRIES);

  constructor(private readonly db: PgStatementRunner) {}

  async readSeries(query: SeriesQuery): Promise<Record<string, MetricSeries>> {
    const projectId = normalizeProjectId(query.projectId);
    checkedRange(query.from, query.to);
    if (!KNOWN_GRANULARITIES.has(query.granularity)) {
      throw new MetricsDbError(
        'invalid_granularity',
        `unknown granularity: ${String(query.granularity)}`,
        false,
      );
    }
    const metrics = [...new Set(query.metrics)];
    const plan = this.planOf(query.from, query.to, query.granularity);
    const { buckets, bucketOf } = plan;
    const distinct = metrics.filter((m): m is DistinctMetric => DISTINCT_METRICS.has(m));

    const [rows, sketches] = await Promise.all([
      this.db.rows<[string, number, string]>(DAILY_ROWS, [projectId, query.from, query.to, metrics]),
      distinct.length > 0
        ? readSketchRows(this.db, this.sketchVersions, projectId, query.from, distinct, plan.pieces)
        : new Map<string, StoredSketch>(),
    ]);

    const result: Record<string, MetricSeries> = {};
    for (const metric of metrics) if (!DISTINCT_METRICS.has(metric)) result[metric] = summedSeries(buckets);
    const daily = new Map<string, Float64Array>(distinct.map((m) => [m, new Float64Array(bucketOf.length)]));
    for (const [metric, day, metricValue] of rows) {
      if (day < 0 || day >= bucketOf.length) continue;
      const value = Number(metricValue);
      const days = daily.get(metric);
      if (days) {
        days[day] = value;
        continue;
      }
      const series = result[metric];
      series.series[bucketOf[day]].value += value;
      series.total += value;
    }
    for (const metric of distinct) {
      result[metric] = distinctSeriesOf({
        plan,
        daily: daily.get(metric) as Float64Array,
        sketchAt: (period, dayOffset) => sketches.get(sketchKey(metric, period, dayOffset)),
        unions: this.unions,
      });
    }
    // The answer lists the metrics in the order asked.
    return Object.fromEntries(metrics.map((m) => [m, result[m]]));
  }

  private planOf(from: string, to: string, granularity: Granularity): DistinctReadPlan {
    const key = `${from}/${to}/${granularity}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = planDistinctRead(dateBuckets(from, to, granularity), granularity === 'day');
      this.plans.set(key, plan);
    }
    return plan;
  }

  async listMetricNames(projectId: string, from: string, to: string): Promise<string[]> {
    const id = normalizeProjectId(projectId);
    checkedRange(from, to);
    const rows = await this.db.rows<[string]>(METRIC_NAMES, [id, from, to]);
    return rows.map(([name]) => name).sort();
  }
}
