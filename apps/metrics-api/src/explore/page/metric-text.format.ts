import type { Granularity } from './explore-state';

/** The contract's standard error of a distinct count read from the HyperLogLog sketches. */
export const SKETCH_STANDARD_ERROR = 0.0081;

const BUCKET_WORDS: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month' };

export interface SeriesPoint {
  start: string;
  value: number;
}

export function formatCount(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** "12,345", or "≈ 12,345" when the number is an estimate. */
export function formatTotal(total: number, exact: boolean, locale?: string): string {
  return exact ? formatCount(total, locale) : `≈ ${formatCount(total, locale)}`;
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
  locale?: string,
): string {
  const word = BUCKET_WORDS[granularity];
  if (series.length === 0) return `${title} by ${word}: no buckets.`;
  const highest = series.reduce((best, point) => (point.value > best.value ? point : best));
  const lowest = series.reduce((best, point) => (point.value < best.value ? point : best));
  const buckets = `${series.length} ${series.length === 1 ? word : `${word}s`}`;
  const parts = [
    `${title} by ${word}, ${buckets} from ${series[0].start} to ${series[series.length - 1].start}`,
    `highest ${formatCount(highest.value, locale)} on ${highest.start}`,
    `lowest ${formatCount(lowest.value, locale)} on ${lowest.start}`,
  ];
  return `${parts.join('; ')}.${exact ? '' : ' Some values are estimates.'}`;
}
