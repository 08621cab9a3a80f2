import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { firstDayOfBucket, lastDayOfBucket } from './date-buckets.util';

/** The periods of distinct_sketches (docs/distinct-sketches.md). */
export type SketchPeriod = 'day' | 'week' | 'month';

/** The ISO week's Monday of a YYYY-MM-DD date: six days before the Sunday that ends its week bucket. */
export function isoWeekStartOf(date: string): string {
  return fromDayNumber(lastDayOfBucket(toDayNumber(date), 'week') - 6);
}

/** The first of the month of a YYYY-MM-DD date. */
export function monthStartOf(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The `period_start` of the week or month sketch a day belongs to. */
export function periodStartOf(date: string, period: SketchPeriod): string {
  if (period === 'week') return isoWeekStartOf(date);
  if (period === 'month') return monthStartOf(date);
  return date;
}

/** Every period a day's keys go to: the day itself, its ISO week and its month. */
export const SKETCH_PERIODS: readonly SketchPeriod[] = ['day', 'week', 'month'];

/**
 * `periodStartOf` with day numbers (days since 1970-01-01) for both the day and the start, without strings:
 * the merger asks it three times for every group of keys it reads.
 */
export const periodStartDayOf = (day: number, period: SketchPeriod): number => firstDayOfBucket(day, period);
