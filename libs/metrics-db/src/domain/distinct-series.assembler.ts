import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { toDayNumber } from '@metrics-store/metrics-contract';
import type { CountSeries } from '../metrics-store.types';
import { bucketOfDayOffset, type DateBucket } from './date-buckets.util';
import { distinctValueOf, type DistinctValue } from './distinct-value.util';
import { sketchCover, type CoverPiece } from './sketch-cover.util';
import type { SketchPeriod } from './sketch-periods.util';
import { countOf, type SketchCount, type StoredSketch } from './stored-sketch';
import type { UnionCountMemo } from './union-count.memo';

/** Days of a value as offsets from the range's first day, both inclusive, and the sketches covering them. */
interface CoveredSpan {
  first: number;
  last: number;
  cover: CoverPiece[];
}

/**
 * What reads of one (from, to, granularity) need to know of their calendar, worked out once: the buckets,
 * the cover of each week or month bucket (none by day) and of the range, and every piece once.
 */
export interface DistinctReadPlan {
  buckets: readonly DateBucket[];
  /** The bucket of each day offset (`bucketOfDayOffset`). */
  bucketOf: Int32Array;
  /** By granularity `day`, a bucket is its day's exact value; only the total comes from sketches. */
  dayBuckets: boolean;
  bucketSpans: CoveredSpan[];
  totalSpan: CoveredSpan;
  pieces: CoverPiece[];
}

export function planDistinctRead(buckets: readonly DateBucket[], dayBuckets: boolean): DistinctReadPlan {
  const firstDay = toDayNumber(buckets[0].start);
  const span = (start: string, end: string): CoveredSpan => ({
    first: toDayNumber(start) - firstDay,
    last: toDayNumber(end) - firstDay,
    cover: sketchCover(start, end),
  });
  const bucketSpans = dayBuckets ? [] : buckets.map((bucket) => span(bucket.start, bucket.end));
  const totalSpan = span(buckets[0].start, buckets[buckets.length - 1].end);
  const pieces = new Map<string, CoverPiece>();
  for (const { cover } of [...bucketSpans, totalSpan])
    for (const piece of cover) pieces.set(`${piece.period}/${piece.start}`, piece);
  const bucketOf = bucketOfDayOffset(buckets);
  return { buckets, bucketOf, dayBuckets, bucketSpans, totalSpan, pieces: [...pieces.values()] };
}

/** One distinct metric of one read: its plan, its exact daily values and a way to its stored sketches. */
export interface DistinctSeriesInput {
  plan: DistinctReadPlan;
  /** daily_metrics values, by day offset from the range's first day. */
  daily: Float64Array;
  /** The stored sketch of a period starting `dayOffset` days after the range's first day, if written. */
  sketchAt(period: SketchPeriod, dayOffset: number): StoredSketch | undefined;
  /** Unions counted before, by the versions they united. */
  unions?: UnionCountMemo;
}

function valueOver(input: DistinctSeriesInput, firstDay: number, span: CoveredSpan): DistinctValue {
  const bounds = { largestDay: 0, sumOfDays: 0 };
  for (let day = span.first; day <= span.last; day++) {
    bounds.largestDay = Math.max(bounds.largestDay, input.daily[day]);
    bounds.sumOfDays += input.daily[day];
  }
  const stored = span.cover.map((piece) => input.sketchAt(piece.period, piece.start - firstDay));
  // A sketch not merged yet matters only where its days have distinct values.
  const complete = span.cover.every(
    (piece, i) =>
      stored[i] !== undefined ||
      input.daily.subarray(piece.start - firstDay, piece.end - firstDay + 1).every((v) => v === 0),
  );
  return distinctValueOf(countOfUnion(stored, input.unions), bounds, complete);
}

/** One sketch counts alone (worked out once per stored version); several are united, or found united. */
function countOfUnion(stored: (StoredSketch | undefined)[], unions: UnionCountMemo | undefined): SketchCount {
  if (stored.length === 1) return stored[0]?.count() ?? { exact: true, count: 0 };
  const key = stored.map((sketch) => sketch?.serial ?? 0).join(',');
  const known = unions?.get(key);
  if (known) return known;
  const union = DistinctSketch.empty();
  for (const sketch of stored) if (sketch) union.mergeEncoded(sketch.bytes);
  const counted = countOf(union);
  unions?.set(key, counted);
  return counted;
}

/**
 * A distinct metric's series (docs/api.md): day buckets exact from the daily values; week and month
 * buckets and the range total from the union of the sketches that cover them, clamped to their daily bounds.
 * `exact` is false as soon as one value is an estimate.
 */
export function distinctSeriesOf(input: DistinctSeriesInput): CountSeries {
  const { buckets, bucketSpans, totalSpan, dayBuckets } = input.plan;
  const firstDay = toDayNumber(buckets[0].start);
  const total = valueOver(input, firstDay, totalSpan);
  let exact = total.exact;
  const series = buckets.map((bucket, i) => {
    if (dayBuckets) return { start: bucket.start, value: input.daily[i] };
    const value = valueOver(input, firstDay, bucketSpans[i]);
    exact &&= value.exact;
    return { start: bucket.start, value: value.value };
  });
  return { total: total.value, exact, series };
}
