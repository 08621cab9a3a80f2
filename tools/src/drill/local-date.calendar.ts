/**
 * The drill's own date arithmetic, written apart from the consumer's and the API's on purpose: a ground truth
 * that shared their code would share their bugs.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const minuteDates = new Map<string, string>();
const DAY_MS = 86_400_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, found);
  }
  return found;
}

/** YYYY-MM-DD of an instant in an IANA zone. Every zone's offset is whole minutes, so one answer per UTC minute. */
export function localDate(instantMs: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(instantMs / 60_000)}`;
  let date = minuteDates.get(key);
  if (date === undefined) {
    const parts = formatter(timeZone).formatToParts(new Date(instantMs));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    date = `${part('year')}-${part('month')}-${part('day')}`;
    if (minuteDates.size > 2_000_000) minuteDates.clear();
    minuteDates.set(key, date);
  }
  return date;
}

/** Whole days between two YYYY-MM-DD dates, and date plus days. */
export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** First date of the bucket holding `date`: itself, its ISO week's Monday, or its month's first day. */
export function bucketStart(date: string, granularity: 'day' | 'week' | 'month'): string {
  if (granularity === 'day') return date;
  if (granularity === 'month') return `${date.slice(0, 8)}01`;
  const day = dayNumber(date);
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  return dateOfDay(day - weekday);
}
