import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { lastDayOfBucket } from './date-buckets.util';

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

const MS_PER_DAY = 86_400_000;

/**
 * `periodStartOf` with day numbers (days since 1970-01-01) for both the day and the start, in arithmetic: the
 * merger asks it three times for every group of keys it reads.
 */
export function periodStartDayOf(day: number, period: SketchPeriod): number {
  if (period === 'day') return day;
  // Day 0 is a Thursday, three days after its week's Monday; the double modulo keeps negative days right.
  if (period === 'week') return day - ((((day + 3) % 7) + 7) % 7);
  const date = new Date(day * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / MS_PER_DAY;
}
