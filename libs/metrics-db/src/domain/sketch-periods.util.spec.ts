import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { isoWeekStartOf, monthStartOf, periodStartDayOf, periodStartOf } from './sketch-periods.util';

describe('sketch periods of a day', () => {
  it('finds the ISO week Monday, across month and year ends', () => {
    expect(isoWeekStartOf('2026-11-02')).toBe('2026-11-02'); // a Monday
    expect(isoWeekStartOf('2026-11-08')).toBe('2026-11-02'); // its Sunday
    expect(isoWeekStartOf('2026-11-09')).toBe('2026-11-09');
    expect(isoWeekStartOf('2027-01-01')).toBe('2026-12-28'); // ISO week 53 of 2026
    expect(isoWeekStartOf('2028-03-01')).toBe('2028-02-28');
    expect(isoWeekStartOf('1970-01-01')).toBe('1969-12-29'); // day 0, a Thursday
    expect(isoWeekStartOf('1969-12-28')).toBe('1969-12-22'); // negative day numbers
  });

  it('finds the first of the month, and the day itself for a day', () => {
    expect(monthStartOf('2028-02-29')).toBe('2028-02-01');
    expect(periodStartOf('2026-12-31', 'month')).toBe('2026-12-01');
    expect(periodStartOf('2026-12-31', 'week')).toBe('2026-12-28');
    expect(periodStartOf('2026-12-31', 'day')).toBe('2026-12-31');
  });

  it('gives the same starts as day numbers, for every day from 1967 to 2032', () => {
    const wrong: string[] = [];
    for (let day = toDayNumber('1967-01-01'); day <= toDayNumber('2032-12-31'); day += 1) {
      for (const period of ['day', 'week', 'month'] as const) {
        const expected = toDayNumber(periodStartOf(fromDayNumber(day), period));
        if (periodStartDayOf(day, period) !== expected) wrong.push(`${fromDayNumber(day)} ${period}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
