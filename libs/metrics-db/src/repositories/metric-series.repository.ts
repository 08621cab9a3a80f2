import {
  GRANULARITIES,
  isDerivedName,
  MAX_LISTED_METRIC_NAMES,
  type DistinctMetric,
  type Granularity,
} from '@metrics-store/metrics-contract';
import { dateBuckets, type DateBucket } from '../domain/date-buckets.util';
import { DERIVED_LISTING, derivedSeriesOf, storedMetricsOf } from '../domain/derived-series.util';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';
import {
  distinctSeriesOf,
  planDistinctRead,
  type DistinctReadPlan,
} from '../domain/distinct-series.assembler';
import { LruMap } from '../domain/lru.map';
import { assertCalendarDate, normalizeProjectId } from '../domain/input.validators';
import { forEachDayValue } from '../pg/day-values.text';
import { MetricsDbError } from '../pg/metrics-db.error';
import type { CountSeries, MetricNameList, MetricSeries, SeriesQuery } from '../metrics-store.types';
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

// One row per metric, its days as offsets from `from` (indexes into the range's buckets, no date text to
// format or parse) with their values, in one text (forEachDayValue): a row per day cost more than the pairs.
const DAILY_ROWS: NamedStatement = {
  name: 'metrics_db_summed_days',
  text: `
  SELECT metric_name, string_agg((date - $2::date)::text || ':' || metric_value::text, ',')
  FROM daily_metrics
  WHERE project_id = $1 AND date BETWEEN $2::date AND $3::date AND metric_name = ANY($4::text[])
  GROUP BY metric_name`,
};

// UNION makes the names distinct; a derived name ($4) joins them when its denominator ($5) has data. Sorted
// byte-wise (COLLATE "C", as JavaScript sorts), and one over the limit ($6) tells that the list was cut.
const METRIC_NAMES: NamedStatement = {
  name: 'metrics_db_metric_names',
  text: `
  SELECT name FROM (
    SELECT metric_name AS name FROM daily_metrics
    WHERE project_id = $1 AND date BETWEEN $2::date AND $3::date AND metric_value <> 0
    UNION
    SELECT derived.name FROM unnest($4::text[], $5::text[]) AS derived(name, denominator)
    WHERE EXISTS (
      SELECT 1 FROM daily_metrics
      WHERE project_id = $1 AND date BETWEEN $2::date AND $3::date AND metric_name = derived.denominator
        AND metric_value <> 0)
  ) names
  ORDER BY name COLLATE "C"
  LIMIT $6`,
};

function checkedRange(from: string, to: string): void {
  assertCalendarDate(from, 'from');
  assertCalendarDate(to, 'to');
  if (from > to) throw new MetricsDbError('invalid_date', `from (${from}) is after to (${to})`, false);
}

function summedSeries(buckets: readonly DateBucket[]): CountSeries {
  return { total: 0, exact: true, series: buckets.map((b) => ({ start: b.start, value: 0 })) };
}

/**
 * The API's reads. Summed metrics add days up. Distinct metrics (`unique_users`, `sessions`) are exact per day
 * from daily_metrics; weeks, months and the range total are unions of the stored HyperLogLog sketches that
 * cover them, fetched in one statement and united here, so a read costs the same whatever the traffic.
 * Derived ratios (`bounce_rate`, ...) are computed from the sums of their inputs, read with the rest.
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
    const stored = storedMetricsOf(metrics);
    const plan = this.planOf(query.from, query.to, query.granularity);
    const { buckets, bucketOf } = plan;
    const distinct = stored.filter((m): m is DistinctMetric => DISTINCT_METRICS.has(m));

    const [rows, sketches] = await Promise.all([
      this.db.rows<[string, string]>(DAILY_ROWS, [projectId, query.from, query.to, stored]),
      distinct.length > 0
        ? readSketchRows(this.db, this.sketchVersions, projectId, query.from, distinct, plan.pieces)
        : new Map<string, StoredSketch>(),
    ]);

    const result: Record<string, CountSeries> = {};
    for (const metric of stored) if (!DISTINCT_METRICS.has(metric)) result[metric] = summedSeries(buckets);
    const daily = new Map<string, Float64Array>(distinct.map((m) => [m, new Float64Array(bucketOf.length)]));
    for (const [metric, dayValues] of rows) {
      const days = daily.get(metric);
      const series = result[metric];
      forEachDayValue(dayValues, (day, value) => {
        if (day >= bucketOf.length) return;
        if (days) days[day] = value;
        else {
          series.series[bucketOf[day]].value += value;
          series.total += value;
        }
      });
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
    const answer: Record<string, MetricSeries> = {};
    for (const m of metrics)
      answer[m] = isDerivedName(m) ? derivedSeriesOf(m, (input) => result[input]) : result[m];
    return answer;
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

  async listMetricNames(projectId: string, from: string, to: string): Promise<MetricNameList> {
    const id = normalizeProjectId(projectId);
    checkedRange(from, to);
    const rows = await this.db.rows<[string]>(METRIC_NAMES, [
      id,
      from,
      to,
      DERIVED_LISTING.names,
      DERIVED_LISTING.denominators,
      MAX_LISTED_METRIC_NAMES + 1,
    ]);
    return {
      names: rows.slice(0, MAX_LISTED_METRIC_NAMES).map(([name]) => name),
      truncated: rows.length > MAX_LISTED_METRIC_NAMES,
    };
  }
}
