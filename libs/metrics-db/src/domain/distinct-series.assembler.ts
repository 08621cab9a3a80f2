import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { toDayNumber } from '@metrics-store/metrics-contract';
import type { MetricSeries } from '../metrics-store.types';
import type { DateBucket } from './date-buckets.util';
import { distinctValueOf, type DistinctValue } from './distinct-value.util';
import { sketchCover, type CoverPiece, type SketchPeriod } from './sketch-cover.util';
import { countOf, type SketchCount, type StoredSketch } from './stored-sketch';
import type { UnionCountMemo } from './union-count.memo';

/** One distinct metric of one read: its exact daily values and a way to its stored sketches. */
export interface DistinctSeriesInput {
  buckets: readonly DateBucket[];
  /** By granularity `day`, a bucket is its day's exact value; only the total comes from sketches. */
  dayBuckets: boolean;
  /** daily_metrics values, by day offset from the range's first day. */
  daily: Float64Array;
  /** The stored sketch of a period starting `dayOffset` days after the range's first day, if written. */
  sketchAt(period: SketchPeriod, dayOffset: number): StoredSketch | undefined;
  /** Unions counted before, by the versions they united. */
  unions?: UnionCountMemo;
}

/** The sketches a read needs: the cover of each week or month bucket (unless by day) and of the range. */
export function piecesToRead(buckets: readonly DateBucket[], dayBuckets: boolean): CoverPiece[] {
  const from = buckets[0].start;
  const to = buckets[buckets.length - 1].end;
  const pieces = new Map<string, CoverPiece>();
  const add = (cover: CoverPiece[]) => cover.forEach((p) => pieces.set(`${p.period}/${p.start}`, p));
  if (!dayBuckets) for (const bucket of buckets) add(sketchCover(bucket.start, bucket.end));
  add(sketchCover(from, to));
  return [...pieces.values()];
}

function valueOver(input: DistinctSeriesInput, firstDay: number, start: string, end: string): DistinctValue {
  const bounds = { largestDay: 0, sumOfDays: 0 };
  for (let day = toDayNumber(start) - firstDay; day <= toDayNumber(end) - firstDay; day++) {
    bounds.largestDay = Math.max(bounds.largestDay, input.daily[day]);
    bounds.sumOfDays += input.daily[day];
  }
  const cover = sketchCover(start, end);
  const stored = cover.map((piece) => input.sketchAt(piece.period, piece.start - firstDay));
  // A sketch not merged yet matters only where its days have distinct values.
  const complete = cover.every(
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
 * A distinct metric's series (contract, section 4): day buckets exact from the daily values; week and month
 * buckets and the range total from the union of the sketches that cover them, clamped to their daily bounds.
 * `exact` is false as soon as one value is an estimate.
 */
export function distinctSeriesOf(input: DistinctSeriesInput): MetricSeries {
  const { buckets } = input;
  const from = buckets[0].start;
  const firstDay = toDayNumber(from);
  const total = valueOver(input, firstDay, from, buckets[buckets.length - 1].end);
  let exact = total.exact;
  const series = buckets.map((bucket) => {
    if (input.dayBuckets)
      return { start: bucket.start, value: input.daily[toDayNumber(bucket.start) - firstDay] };
    const value = valueOver(input, firstDay, bucket.start, bucket.end);
    exact &&= value.exact;
    return { start: bucket.start, value: value.value };
  });
  return { total: total.value, exact, series };
}
