import { fromDayNumber, toDayNumber, type Granularity } from '@metrics-store/metrics-contract';

/** A bucket clipped to the queried range: both ends inclusive, YYYY-MM-DD. */
export interface DateBucket {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

/** The last day (a day number) of the day, ISO week or calendar month that holds `day`. */
export function lastDayOfBucket(day: number, granularity: Granularity): number {
  if (granularity === 'day') return day;
  const date = new Date(day * DAY_MS);
  if (granularity === 'week') {
    const mondayBased = (date.getUTCDay() + 6) % 7;
    return day + (6 - mondayBased);
  }
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / DAY_MS;
}

/** The first day of the bucket (day, ISO week from Monday, calendar month) that holds `day`. */
export function firstDayOfBucket(day: number, granularity: Granularity): number {
  if (granularity === 'day') return day;
  if (granularity === 'week') return lastDayOfBucket(day, 'week') - 6;
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
}

/**
 * The buckets covering [from, to] in order: days, ISO weeks (Monday to Sunday) or calendar months, each
 * clipped to the range, so the first one starts at `from` and the last one ends at `to`.
 */
export function dateBuckets(from: string, to: string, granularity: Granularity): DateBucket[] {
  const last = toDayNumber(to);
  const buckets: DateBucket[] = [];
  for (let day = toDayNumber(from); day <= last;) {
    const end = Math.min(lastDayOfBucket(day, granularity), last);
    buckets.push({ start: fromDayNumber(day), end: fromDayNumber(end) });
    day = end + 1;
  }
  return buckets;
}

/**
 * For each day of the range, as its offset from the first bucket's start, the index of its bucket: rows that
 * carry a day offset find their bucket without comparing date strings.
 */
export function bucketOfDayOffset(buckets: readonly DateBucket[]): Int32Array {
  if (buckets.length === 0) return new Int32Array(0);
  const first = toDayNumber(buckets[0].start);
  const map = new Int32Array(toDayNumber(buckets[buckets.length - 1].end) - first + 1);
  buckets.forEach((bucket, index) =>
    map.fill(index, toDayNumber(bucket.start) - first, toDayNumber(bucket.end) - first + 1),
  );
  return map;
}
