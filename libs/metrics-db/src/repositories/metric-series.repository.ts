import { GRANULARITIES, type Granularity } from '@metrics-store/metrics-contract';
import { bucketOfDayOffset, dateBuckets, type DateBucket } from '../domain/date-buckets.util';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';
import { assertCalendarDate, normalizeProjectId } from '../domain/input.validators';
import { MetricsDbError } from '../pg/metrics-db.error';
import type { MetricSeries, SeriesQuery } from '../metrics-store.types';
import type { NamedStatement, PgStatementRunner } from '../pg/pg-statement.runner';

const KNOWN_GRANULARITIES: ReadonlySet<Granularity> = new Set(GRANULARITIES);
const KIND_OF_METRIC = new Map<string, number>(Object.values(DISTINCT_KINDS).map((d) => [d.metric, d.kind]));

// The day as its offset from `from`: an index into the range's buckets, with no date text to format or parse.
const SUMMED_ROWS: NamedStatement = {
  name: 'metrics_db_summed_rows',
  text: `
  SELECT metric_name, date - $2::date AS day, metric_value
  FROM daily_metrics
  WHERE project_id = $1 AND date BETWEEN $2::date AND $3::date AND metric_name = ANY($4::text[])`,
};

/**
 * Exact distinct counts per (kind, bucket) and per kind over the whole range (idx NULL). Each bucket of each kind
 * is deduplicated on its own: one index range scan, with the kind as an index condition, and a hash table of one
 * bucket's bare keys, small enough to stay in the CPU caches, where one sort or hash of all the daily rows at once
 * would not (and a sort spills to disk). The range total is recounted from those per-bucket members rather than
 * from every daily row.
 */
const DISTINCT_COUNTS: NamedStatement = {
  name: 'metrics_db_distinct_counts',
  text: `
  WITH members AS MATERIALIZED (
    SELECT k.kind, b.idx::int AS idx, m.key
    FROM unnest($4::smallint[]) AS k(kind)
    CROSS JOIN unnest($2::date[], $3::date[]) WITH ORDINALITY AS b(first_date, last_date, idx)
    CROSS JOIN LATERAL (
      SELECT DISTINCT d.key FROM daily_distinct d
      WHERE d.project_id = $1 AND d.kind = k.kind AND d.date BETWEEN b.first_date AND b.last_date
    ) m
  )
  SELECT kind, idx, count(*)::int AS value FROM members GROUP BY kind, idx
  UNION ALL
  SELECT kind, NULL, count(*)::int FROM (SELECT DISTINCT kind, key FROM members) keys GROUP BY kind`,
};

// Keeps a busy project's per-bucket members (a year of weeks: ~0.6-1.8M rows) in memory instead of a temp file.
const DISTINCT_WORK_MEM = '64MB';

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

function emptySeries(buckets: readonly DateBucket[]): MetricSeries {
  return { total: 0, series: buckets.map((b) => ({ start: b.start, value: 0 })) };
}

/** The API's reads: summed metrics add days up; distinct metrics are recounted over each bucket and the range. */
export class MetricSeriesRepository {
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
    const buckets = dateBuckets(query.from, query.to, query.granularity);
    const result: Record<string, MetricSeries> = {};
    for (const metric of metrics) result[metric] = emptySeries(buckets);

    const distinctMetrics = metrics.filter((m) => KIND_OF_METRIC.has(m));
    // At day granularity a distinct metric's bucket is its stored daily value; only the total is recounted.
    const summed = query.granularity === 'day' ? metrics : metrics.filter((m) => !KIND_OF_METRIC.has(m));
    const isDay = query.granularity === 'day';
    await Promise.all([
      this.addSummed(result, projectId, query, summed, buckets),
      this.addDistinct(
        result,
        projectId,
        distinctMetrics,
        isDay ? [{ start: query.from, end: query.to }] : buckets,
        !isDay,
      ),
    ]);
    return result;
  }

  async listMetricNames(projectId: string, from: string, to: string): Promise<string[]> {
    const id = normalizeProjectId(projectId);
    checkedRange(from, to);
    const rows = await this.db.rows<[string]>(METRIC_NAMES, [id, from, to]);
    return rows.map(([name]) => name).sort();
  }

  private async addSummed(
    result: Record<string, MetricSeries>,
    projectId: string,
    query: SeriesQuery,
    metrics: string[],
    buckets: DateBucket[],
  ): Promise<void> {
    if (metrics.length === 0) return;
    const rows = await this.db.rows<[string, number, string]>(SUMMED_ROWS, [
      projectId,
      query.from,
      query.to,
      metrics,
    ]);
    const bucketOf = bucketOfDayOffset(buckets);
    const distinctTotals = query.granularity === 'day';
    for (const [metric, day, metricValue] of rows) {
      const series = result[metric];
      if (!series || day < 0 || day >= bucketOf.length) continue;
      const value = Number(metricValue);
      series.series[bucketOf[day]].value += value;
      // The total of a distinct metric is a distinct count of its own, never a sum of days.
      if (!(distinctTotals && KIND_OF_METRIC.has(metric))) series.total += value;
    }
  }

  private async addDistinct(
    result: Record<string, MetricSeries>,
    projectId: string,
    metrics: string[],
    buckets: DateBucket[],
    fillBuckets: boolean,
  ): Promise<void> {
    if (metrics.length === 0) return;
    const kinds = metrics.map((m) => KIND_OF_METRIC.get(m) as number);
    const rows = await this.db.rowsInTransaction<[number, number | null, number]>(
      `SET LOCAL work_mem = '${DISTINCT_WORK_MEM}'`,
      DISTINCT_COUNTS,
      [projectId, buckets.map((b) => b.start), buckets.map((b) => b.end), kinds],
    );
    for (const [kind, idx, value] of rows) {
      const series = result[metrics[kinds.indexOf(kind)]];
      if (idx === null) series.total = value;
      else if (fillBuckets) series.series[idx - 1].value = value;
    }
  }
}
