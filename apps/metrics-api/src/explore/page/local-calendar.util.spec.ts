import { addDays, isDateText, lastDaysIn, todayIn } from './local-calendar.util';

describe('local calendar', () => {
  // 2026-03-01 05:30 UTC: still February 28 in Los Angeles, already March 1 in Tokyo.
  const instant = new Date('2026-03-01T05:30:00Z');

  it("tells today's date in the project's zone, not the machine's", () => {
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-02-28');
    expect(todayIn('Asia/Tokyo', instant)).toBe('2026-03-01');
    expect(todayIn('UTC', instant)).toBe('2026-03-01');
  });

  it('spans the last 30 days, today included, across a month end', () => {
    expect(lastDaysIn('America/Los_Angeles', 30, instant)).toEqual({ from: '2026-01-30', to: '2026-02-28' });
    expect(lastDaysIn('Asia/Tokyo', 1, instant)).toEqual({ from: '2026-03-01', to: '2026-03-01' });
  });

  it('adds days across leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('accepts real calendar dates only', () => {
    expect(isDateText('2024-02-29')).toBe(true);
    expect(isDateText('2026-02-29')).toBe(false);
    expect(isDateText('2026-13-01')).toBe(false);
    expect(isDateText('2026-1-01')).toBe(false);
  });
});
