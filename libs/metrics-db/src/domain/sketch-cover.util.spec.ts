import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { sketchCover, type CoverPiece } from './sketch-cover.util';

const described = (from: string, to: string) =>
  sketchCover(from, to).map((p) => `${p.period} ${fromDayNumber(p.start)}`);

/** Every day of [from, to] lies in exactly one piece, in order. */
function expectExactCover(pieces: CoverPiece[], from: string, to: string): void {
  let next = toDayNumber(from);
  for (const piece of pieces) {
    expect(piece.start).toBe(next);
    next = piece.end + 1;
  }
  expect(next).toBe(toDayNumber(to) + 1);
}

describe('sketchCover', () => {
  it('takes whole months, then whole ISO weeks, then days at the edges', () => {
    // Thu 2026-01-29 .. Wed 2026-04-08: Jan 29-31 as days (no whole week before Feb 1), February and March
    // whole, then Apr 1-8 as days (Apr 1 is a Wednesday and the week of Mon Apr 6 is clipped).
    expect(described('2026-01-29', '2026-04-08')).toEqual([
      'day 2026-01-29',
      'day 2026-01-30',
      'day 2026-01-31',
      'month 2026-02-01',
      'month 2026-03-01',
      'day 2026-04-01',
      'day 2026-04-02',
      'day 2026-04-03',
      'day 2026-04-04',
      'day 2026-04-05',
      'day 2026-04-06',
      'day 2026-04-07',
      'day 2026-04-08',
    ]);
  });

  it('uses the whole weeks on either side of the months', () => {
    // Mon 2026-10-19 .. Sun 2026-12-13: the week of Oct 19, then Oct 26-31 as days (that week runs into
    // November), November whole, Dec 1-6 as days and the week of Mon Dec 7.
    expect(described('2026-10-19', '2026-12-13')).toEqual([
      'week 2026-10-19',
      'day 2026-10-26',
      'day 2026-10-27',
      'day 2026-10-28',
      'day 2026-10-29',
      'day 2026-10-30',
      'day 2026-10-31',
      'month 2026-11-01',
      'day 2026-12-01',
      'day 2026-12-02',
      'day 2026-12-03',
      'day 2026-12-04',
      'day 2026-12-05',
      'day 2026-12-06',
      'week 2026-12-07',
    ]);
  });

  it('is one sketch for a whole month, week or day, and days for a clipped week', () => {
    expect(described('2028-02-01', '2028-02-29')).toEqual(['month 2028-02-01']);
    expect(described('2026-12-28', '2027-01-03')).toEqual(['week 2026-12-28']);
    expect(described('2026-11-04', '2026-11-04')).toEqual(['day 2026-11-04']);
    expect(described('2026-11-04', '2026-11-06')).toEqual([
      'day 2026-11-04',
      'day 2026-11-05',
      'day 2026-11-06',
    ]);
  });

  it('covers every range exactly, and a year with at most 12 months + 8 weeks + 12 days', () => {
    let most = 0;
    for (let first = toDayNumber('2025-12-01'); first < toDayNumber('2026-02-01'); first += 3) {
      for (const length of [1, 6, 7, 30, 31, 90, 365, 400]) {
        const from = fromDayNumber(first);
        const to = fromDayNumber(first + length - 1);
        const pieces = sketchCover(from, to);
        expectExactCover(pieces, from, to);
        if (length === 365) most = Math.max(most, pieces.length);
      }
    }
    expect(most).toBeLessThanOrEqual(32);
  });
});
