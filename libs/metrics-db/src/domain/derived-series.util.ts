import {
  DERIVED_METRICS,
  isDerivedName,
  type DerivedMetric,
  type VisitMetric,
} from '@metrics-store/metrics-contract';
import type { CountSeries, MetricSeries } from '../metrics-store.types';

/** numerator / (denominator × divisor), rounded to `decimals`; the contract's rule of each ratio. */
interface RatioRule {
  numerator: VisitMetric;
  denominator: VisitMetric;
  divisor: number;
  decimals: number;
}

// Contract section 4. Every denominator is `visits`: a ratio is null exactly where there were no visits.
const RULES: Record<DerivedMetric, RatioRule> = {
  bounce_rate: { numerator: 'bounces', denominator: 'visits', divisor: 1, decimals: 4 },
  visit_duration: { numerator: 'visit_duration_ms', denominator: 'visits', divisor: 1000, decimals: 1 },
  views_per_visit: { numerator: 'visit_pageviews', denominator: 'visits', divisor: 1, decimals: 2 },
};

/**
 * The stored metrics a read of `metrics` needs, each once: a counted name itself, a derived one its
 * numerator and denominator. Several ratios, or a ratio and its inputs, share the same rows.
 */
export function storedMetricsOf(metrics: readonly string[]): string[] {
  const stored = new Set<string>();
  for (const name of metrics) {
    if (isDerivedName(name)) stored.add(RULES[name].numerator).add(RULES[name].denominator);
    else stored.add(name);
  }
  return [...stored];
}

/** Each derived name beside the stored metric whose data makes it worth listing: its denominator. */
export const DERIVED_LISTING = {
  names: [...DERIVED_METRICS],
  denominators: DERIVED_METRICS.map((name) => RULES[name].denominator),
};

/**
 * numerator / (denominator × divisor) rounded half up to `decimals`, null for a zero denominator. Worked in
 * integers (a quotient and its remainder), so that a half is a half: 0.00125 is 1.25e-3, not a float a
 * hair below it, and the answer is the same on every machine.
 */
export function roundedRatio(
  numerator: number,
  denominator: number,
  divisor: number,
  decimals: number,
): number | null {
  if (denominator === 0) return null;
  const scale = 10 ** decimals;
  const n = numerator * scale;
  const d = denominator * divisor;
  if (Number.isSafeInteger(2 * n + d)) {
    let quotient = Math.floor(n / d);
    let remainder = n - quotient * d;
    // The float division can land one off the integer quotient; the remainder tells which way.
    if (remainder < 0) {
      quotient -= 1;
      remainder += d;
    } else if (remainder >= d) {
      quotient += 1;
      remainder -= d;
    }
    return (2 * remainder >= d ? quotient + 1 : quotient) / scale;
  }
  // Sums past 2^53 (years of a very busy project's milliseconds): exact, at a cost no ordinary read pays.
  const bigN = BigInt(numerator) * BigInt(scale);
  const bigD = BigInt(denominator) * BigInt(divisor);
  return Number((2n * bigN + bigD) / (2n * bigD)) / scale;
}

/**
 * A derived metric's series from its inputs' series over the same buckets: per bucket and for the total,
 * the ratio of the sums over that bucket or range (never an average of daily ratios). Exact, like its inputs.
 */
export function derivedSeriesOf(metric: DerivedMetric, inputs: (name: string) => CountSeries): MetricSeries {
  const { numerator, denominator, divisor, decimals } = RULES[metric];
  const top = inputs(numerator);
  const bottom = inputs(denominator);
  return {
    total: roundedRatio(top.total, bottom.total, divisor, decimals),
    exact: true,
    series: bottom.series.map((point, i) => ({
      start: point.start,
      value: roundedRatio(top.series[i].value, point.value, divisor, decimals),
    })),
  };
}
