const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** true for a real `YYYY-MM-DD` date from 0001-01-01 on (PostgreSQL has no year 0; 2026-02-30 is refused). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function epochDay(value: string): number {
  const [year, month, day] = value.split('-').map(Number);
  // Date.UTC maps years below 100 to 19xx, so set the full year explicitly.
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return Math.round(date.getTime() / DAY_MS);
}

/** Number of days in the inclusive range [from, to] of two valid calendar dates (0 or less when from > to). */
export function inclusiveDayCount(from: string, to: string): number {
  return epochDay(to) - epochDay(from) + 1;
}
