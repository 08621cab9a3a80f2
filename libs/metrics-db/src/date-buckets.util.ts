import type { Granularity } from './metrics-store.types';

/** A bucket clipped to the queried range: both ends inclusive, YYYY-MM-DD. */
export interface DateBucket {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

// All arithmetic is on UTC midnights of calendar dates, so the machine's zone can never shift a day.
export function toDayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function lastDayOfBucket(day: number, granularity: Granularity): number {
  if (granularity === 'day') return day;
  const date = new Date(day * DAY_MS);
  if (granularity === 'week') {
    const mondayBased = (date.getUTCDay() + 6) % 7;
    return day + (6 - mondayBased);
  }
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / DAY_MS;
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

/** Index of the bucket holding `date`, or -1 when it is outside them all. Buckets must be in order. */
export function bucketIndex(buckets: readonly DateBucket[], date: string): number {
  let low = 0;
  let high = buckets.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (date < buckets[mid].start) high = mid - 1;
    else if (date > buckets[mid].end) low = mid + 1;
    else return mid;
  }
  return -1;
}
