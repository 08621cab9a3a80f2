import { inclusiveDayCount, isCalendarDate } from './calendar-date.util';

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
