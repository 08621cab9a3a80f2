import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { lastDayOfBucket } from './date-buckets.util';
import type { SketchPeriod } from './sketch-periods.util';

/** One stored sketch's period: it starts on `start` (the day, the Monday, the 1st) and ends on `end`. */
export interface CoverPiece {
  period: SketchPeriod;
  /** Day numbers, both inclusive. */
  start: number;
  end: number;
}

/** The whole periods of one kind inside [first, last] in order, and what they leave on each side. */
function wholePeriods(
  first: number,
  last: number,
  period: 'week' | 'month',
): { pieces: CoverPiece[]; before: [number, number]; after: [number, number] } {
  let start = first;
  // The first period that starts on or after `first`: the one holding `first`, unless `first` is its start.
  if (lastDayOfBucket(first - 1, period) !== first - 1) start = lastDayOfBucket(first, period) + 1;
  const pieces: CoverPiece[] = [];
  for (let end = lastDayOfBucket(start, period); end <= last; end = lastDayOfBucket(start, period)) {
    pieces.push({ period, start, end });
    start = end + 1;
  }
  if (pieces.length === 0) return { pieces, before: [first, last], after: [last + 1, last] };
  return { pieces, before: [first, pieces[0].start - 1], after: [pieces[pieces.length - 1].end + 1, last] };
}

function weeksAndDays(first: number, last: number): CoverPiece[] {
  if (first > last) return [];
  const { pieces, before, after } = wholePeriods(first, last, 'week');
  const days = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, i): CoverPiece => {
      const day = from + i;
      return { period: 'day', start: day, end: day };
    });
  return [...days(...before), ...pieces, ...days(...after)];
}

/**
 * The fewest stored sketches whose periods cover [from, to] exactly, in date order: the whole calendar months
 * inside it, then the whole ISO weeks inside what is left on either side, then single days at the edges.
 * Their union is the range's distinct set whatever the granularity asked for, so a total is the same number
 * by day, week and month; a year is about 12 months, a few weeks and up to a dozen days.
 */
export function sketchCover(from: string, to: string): CoverPiece[] {
  const first = toDayNumber(from);
  const last = toDayNumber(to);
  if (first > last) return [];
  const { pieces, before, after } = wholePeriods(first, last, 'month');
  if (pieces.length === 0) return weeksAndDays(first, last);
  return [...weeksAndDays(...before), ...pieces, ...weeksAndDays(...after)];
}

/** The stored `period_start` of a piece, YYYY-MM-DD. */
export const pieceStart = (piece: CoverPiece): string => fromDayNumber(piece.start);
