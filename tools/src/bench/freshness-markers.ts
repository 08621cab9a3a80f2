import { Client } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { benchEvent } from './bench-consumer-setup';
import { percentile } from './bench-stats';

/**
 * Markers of the consumer benchmarks: one event per tick to a project of its own, each from a visitor of its
 * own. Its total_events tells which markers the store's read path shows, and the cardinality of its week's
 * unique_users sketch which ones the sketch merger has added.
 */
export const MARKER_PROJECT = '6f1c2a7e-0000-4000-8000-fffffffffff0';

/** The marker event `n`: a visitor nobody else is. */
export function markerEvent(i: number, n: number): { key: string; value: string } {
  const { key, value } = benchEvent(i, Date.now(), MARKER_PROJECT);
  const { anonymous_id: _anonymous, ...event } = JSON.parse(value) as Record<string, unknown>;
  return { key, value: JSON.stringify({ ...event, user_id: `marker-visitor-${n}` }) };
}

// The marker project's unique_users of this ISO week as its sketch says; null while there is none.
const WEEK_SKETCH = `
  SELECT sketch FROM distinct_sketches
  WHERE project_id = $1 AND metric_name = 'unique_users' AND period = 'week'
    AND period_start = date_trunc('week', (now() AT TIME ZONE 'UTC'))::date`;

export interface MarkerDelays {
  /** Produce to visible in readSeries, per marker, ms. */
  visible: number[];
  /** Produce to counted in the week's sketch, per marker, ms. */
  inWeekSketch: number[];
}

/**
 * Watches both delays of the markers whose send times the caller appends to `sentAt`, until `finish` is
 * called and every marker is seen, or 30 s after that.
 */
export function watchMarkers(store: MetricsStore, databaseUrl: string, sentAt: readonly number[]) {
  let producing = true;
  let giveUpAt = Number.POSITIVE_INFINITY;
  const delays: MarkerDelays = { visible: [], inWeekSketch: [] };
  const going = (seen: number) => (producing || seen < sentAt.length) && performance.now() < giveUpAt;
  const today = () => new Date().toISOString().slice(0, 10);
  const plain = (async () => {
    while (going(delays.visible.length)) {
      const series = await store.readSeries({
        projectId: MARKER_PROJECT,
        from: today(),
        to: today(),
        metrics: ['total_events'],
        granularity: 'day',
      });
      const counted = series.total_events?.total ?? 0;
      const now = performance.now();
      while (delays.visible.length < Math.min(counted, sentAt.length))
        delays.visible.push(now - sentAt[delays.visible.length]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const sketch = (async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      while (going(delays.inWeekSketch.length)) {
        const { rows } = await client.query<{ sketch: Buffer }>(WEEK_SKETCH, [MARKER_PROJECT]);
        const seen = rows.length === 0 ? 0 : DistinctSketch.decode(rows[0].sketch).cardinality();
        const now = performance.now();
        while (delays.inWeekSketch.length < Math.min(seen, sentAt.length))
          delays.inWeekSketch.push(now - sentAt[delays.inWeekSketch.length]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await client.end();
    }
  })();
  return {
    delays,
    /** Production is over: waits for the last markers (30 s at most) and resolves with the delays. */
    finish: async (): Promise<MarkerDelays> => {
      producing = false;
      giveUpAt = performance.now() + 30_000;
      await Promise.all([plain, sketch]);
      return delays;
    },
  };
}

/** `p50 …, p99 …, max …` of samples in ms. */
export function summary(samples: readonly number[]): string {
  if (samples.length === 0) return 'no samples';
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
}

/** One sample of a Prometheus text exposition, NaN where it is absent. */
export function prometheusValue(text: string, name: string): number {
  return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

/** The smallest bucket bound of a Prometheus histogram under which `quantile` of its samples fall. */
export function histogramQuantileBound(text: string, name: string, quantile: number): number {
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))].map(
    (m) => ({ le: m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), count: Number(m[2]) }),
  );
  const total = buckets[buckets.length - 1]?.count ?? 0;
  return buckets.find((bucket) => bucket.count >= quantile * total)?.le ?? Number.NaN;
}
