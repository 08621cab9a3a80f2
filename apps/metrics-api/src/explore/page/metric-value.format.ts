/**
 * What a metric's numbers are, for the way they are written: counts, and the API's derived ratios (a
 * fraction, seconds, a ratio), which are never counts and are null where there was no visit.
 */
export type ValueKind = 'count' | 'fraction' | 'seconds' | 'ratio';

const KINDS: Record<string, ValueKind> = {
  bounce_rate: 'fraction',
  visit_duration: 'seconds',
  views_per_visit: 'ratio',
};

/** Where a value is null: a derived ratio of a bucket or range without visits. */
export const NO_VALUE = '–';

export function valueKindOf(metric: string): ValueKind {
  return KINDS[metric] ?? 'count';
}

/** "83.4 s" under a minute, "1 m 23 s" under an hour, "2 h 05 m" above. */
export function formatDuration(seconds: number, locale?: string): string {
  if (seconds < 59.95) {
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(seconds)} s`;
  }
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} m ${whole % 60} s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
}

// Each kind but seconds as Intl writes it: in full (totals, tables), and short on a chart's axis.
const NUMBER_FORMATS: Record<
  Exclude<ValueKind, 'seconds'>,
  Record<'full' | 'short', Intl.NumberFormatOptions>
> = {
  count: { full: {}, short: { notation: 'compact' } },
  // The API gives 4 decimals of the fraction: 2 of the percentage.
  fraction: {
    full: { style: 'percent', maximumFractionDigits: 2 },
    short: { style: 'percent', maximumFractionDigits: 1 },
  },
  ratio: { full: { maximumFractionDigits: 2 }, short: { maximumFractionDigits: 2 } },
};

function formatNumber(value: number, kind: ValueKind, length: 'full' | 'short', locale?: string): string {
  if (kind === 'seconds') return formatDuration(value, locale);
  return new Intl.NumberFormat(locale, NUMBER_FORMATS[kind][length]).format(value);
}

/** A value as a person reads it: 1,234 · 41.67% · 1 m 23 s · 2.35 · – for none. */
export function formatValue(value: number | null, kind: ValueKind, locale?: string): string {
  return value === null ? NO_VALUE : formatNumber(value, kind, 'full', locale);
}

/** A chart axis' label: short, in the metric's own unit. */
export function formatTick(value: number, kind: ValueKind, locale?: string): string {
  return formatNumber(value, kind, 'short', locale);
}
