import { fromDayNumber, inclusiveDayCount, isCalendarDate, toDayNumber } from './calendar-date.util';

describe('isCalendarDate', () => {
  it.each(['2026-01-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '0000-01-01',
    '2026-1-01',
    '20260101',
    ' 2026-01-01',
    '',
  ])('refuses %j', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('inclusiveDayCount', () => {
  it('counts both ends', () => {
    expect(inclusiveDayCount('2026-01-01', '2026-01-01')).toBe(1);
    expect(inclusiveDayCount('2025-12-30', '2026-01-02')).toBe(4);
    expect(inclusiveDayCount('2024-01-01', '2024-12-31')).toBe(366);
  });

  it('is not positive when from is after to', () => {
    expect(inclusiveDayCount('2026-01-02', '2026-01-01')).toBe(0);
  });

  it('handles years below 100', () => {
    expect(inclusiveDayCount('0050-02-28', '0050-03-01')).toBe(2);
  });
});

describe('fromDayNumber', () => {
  it('agrees with the calendar of Date on every day from 1900 to 2200, and inverts toDayNumber', () => {
    const DAY_MS = 86_400_000;
    for (let day = Date.UTC(1900, 0, 1) / DAY_MS; day <= Date.UTC(2200, 11, 31) / DAY_MS; day++) {
      const expected = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (fromDayNumber(day) !== expected)
        throw new Error(`day ${day}: ${fromDayNumber(day)} != ${expected}`);
      if (toDayNumber(expected) !== day) throw new Error(`toDayNumber(${expected}) != ${day}`);
    }
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
  });
});
