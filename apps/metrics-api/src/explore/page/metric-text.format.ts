import type { Granularity } from './explore-state';
import { formatValue, type ValueKind } from './metric-value.format';

/** The contract's standard error of a distinct count read from the HyperLogLog sketches. */
export const SKETCH_STANDARD_ERROR = 0.0081;

const BUCKET_WORDS: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month' };

export interface SeriesPoint {
  start: string;
  /** null: a derived ratio of a bucket without visits. */
  value: number | null;
}

export function formatCount(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** "12,345" (or "41.67%", "1 m 23 s", ...), "≈ 12,345" when the number is an estimate, "–" for none. */
export function formatTotal(total: number | null, exact: boolean, kind: ValueKind, locale?: string): string {
  const text = formatValue(total, kind, locale);
  return exact || total === null ? text : `≈ ${text}`;
}

/** What an estimate means here, in words, with its error in the metric's own unit. */
export function estimateNote(total: number, locale?: string): string {
  const spread = Math.max(1, Math.round(total * SKETCH_STANDARD_ERROR));
  return (
    'Estimate: distinct counts over a week, a month or the whole range come from HyperLogLog sketches ' +
    `once they pass about 1,000. Standard error 0.81 %, about ± ${formatCount(spread, locale)} on this total.`
  );
}

/** The chart's accessible name: what it shows, its extremes, and whether values are estimates. */
export function chartDescription(
  title: string,
  granularity: Granularity,
  series: readonly SeriesPoint[],
  exact: boolean,
  kind: ValueKind,
  locale?: string,
): string {
  const word = BUCKET_WORDS[granularity];
  if (series.length === 0) return `${title} by ${word}: no buckets.`;
  const buckets = `${series.length} ${series.length === 1 ? word : `${word}s`}`;
  const parts = [
    `${title} by ${word}, ${buckets} from ${series[0].start} to ${series[series.length - 1].start}`,
  ];
  const valued = series.filter((point): point is { start: string; value: number } => point.value !== null);
  if (valued.length === 0) {
    parts.push(`no value: no ${word} had a visit`);
  } else {
    const highest = valued.reduce((best, point) => (point.value > best.value ? point : best));
    const lowest = valued.reduce((best, point) => (point.value < best.value ? point : best));
    parts.push(
      `highest ${formatValue(highest.value, kind, locale)} on ${highest.start}`,
      `lowest ${formatValue(lowest.value, kind, locale)} on ${lowest.start}`,
    );
    const empty = series.length - valued.length;
    if (empty > 0) parts.push(`no value in ${empty} ${empty === 1 ? word : `${word}s`} without visits`);
  }
  return `${parts.join('; ')}.${exact ? '' : ' Some values are estimates.'}`;
}
