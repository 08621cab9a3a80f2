import type { Granularity } from '../metrics-store.types';

/** A bucket clipped to the queried range: both ends inclusive, YYYY-MM-DD. */
export interface DateBucket {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 of a valid YYYY-MM-DD date, by integer arithmetic (H. Hinnant's days-from-civil): no
 * machine zone can shift a day, and a read converts a few hundred dates without `Date.parse`'s cost.
 */
export function toDayNumber(date: string): number {
  const month = Number(date.slice(5, 7));
  const year = Number(date.slice(0, 4)) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear =
    Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + Number(date.slice(8, 10)) - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * The civil date of a day number, by integer arithmetic (H. Hinnant's days-to-civil): a read builds one
 * string per bucket, and `Date#toISOString` made that a visible share of a daily read's CPU.
 */
export function fromDayNumber(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(dayOfMonth)}`;
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
