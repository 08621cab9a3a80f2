import type { SketchCount } from './stored-sketch';

/** What the exact daily values (daily_metrics) say about a bucket's distinct count. */
export interface DailyBounds {
  /** No bucket has fewer distinct values than its busiest day. */
  largestDay: number;
  /** Nor more than all its days together. */
  sumOfDays: number;
}

export interface DistinctValue {
  value: number;
  exact: boolean;
}

/**
 * The reported value of a union of sketches (`countOf` it): its count while it is still EXPLICIT, else its
 * estimate, clamped to the daily bounds (docs/api.md), so that a week never reads below its busiest
 * day nor above the sum of its days. Exact when the union is EXPLICIT and every sketch it needed was there
 * (`complete`), or when the bounds leave one value. A missing sketch counts as empty: the clamp still holds
 * the value up.
 */
export function distinctValueOf(counted: SketchCount, bounds: DailyBounds, complete: boolean): DistinctValue {
  const { largestDay, sumOfDays } = bounds;
  const value = Math.min(Math.max(counted.count, largestDay), sumOfDays);
  const exactUnion = counted.exact && complete && value === counted.count;
  return { value, exact: largestDay === sumOfDays || exactUnion };
}
