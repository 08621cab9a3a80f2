import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';

/** The periods of distinct_sketches (docs/distinct-sketches.md). */
export type SketchPeriod = 'day' | 'week' | 'month';

/** The ISO week's Monday of a YYYY-MM-DD date (1970-01-01, day 0, was a Thursday). */
export function isoWeekStartOf(date: string): string {
  const day = toDayNumber(date);
  const sinceMonday = (((day + 3) % 7) + 7) % 7;
  return fromDayNumber(day - sinceMonday);
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

/** The day after the last day of a week or month that starts on `start`. */
export function periodEndExclusive(start: string, period: SketchPeriod): string {
  if (period === 'day') return fromDayNumber(toDayNumber(start) + 1);
  if (period === 'week') return fromDayNumber(toDayNumber(start) + 7);
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  return month === 12
    ? `${String(year + 1).padStart(4, '0')}-01-01`
    : `${start.slice(0, 5)}${String(month + 1).padStart(2, '0')}-01`;
}
