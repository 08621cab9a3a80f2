import type { CountSeries } from '../metrics-store.types';
import { DERIVED_LISTING, derivedSeriesOf, roundedRatio, storedMetricsOf } from './derived-series.util';

/** Series of one metric over the buckets of a clipped week read: Wed 2026-11-04, Mon 2026-11-09, Mon 2026-11-16. */
const STARTS = ['2026-11-04', '2026-11-09', '2026-11-16'];
const series = (values: number[]): CountSeries => ({
  total: values.reduce((sum, v) => sum + v, 0),
  exact: true,
  series: values.map((value, i) => ({ start: STARTS[i], value })),
});

describe('derived metrics', () => {
  describe('roundedRatio', () => {
    it('rounds a half up, also where the float of the quotient lies a hair below the half', () => {
      // 1/32 = 0.03125 exactly; 201/200 = 1.005, which 1.005 * 100 in floats puts at 100.49999.
      expect(roundedRatio(1, 32, 1, 4)).toBe(0.0313);
      expect(roundedRatio(201, 200, 1, 2)).toBe(1.01);
      expect(Math.round((201 / 200) * 100) / 100).toBe(1); // what a naive rounding would answer
      // 83,450 ms over one visit: 83.45 s, a half at one decimal.
      expect(roundedRatio(83_450, 1, 1000, 1)).toBe(83.5);
      expect(roundedRatio(83_449, 1, 1000, 1)).toBe(83.4);
    });

    it('rounds below a half down and above it up, to the decimals asked', () => {
      expect(roundedRatio(1, 3, 1, 4)).toBe(0.3333);
      expect(roundedRatio(2, 3, 1, 4)).toBe(0.6667);
      expect(roundedRatio(10, 3, 1, 2)).toBe(3.33);
      expect(roundedRatio(5, 3, 1, 2)).toBe(1.67);
      expect(roundedRatio(100_000, 3, 1000, 1)).toBe(33.3);
      expect(roundedRatio(1, 20_001, 1, 4)).toBe(0); // 0.0000499...
      expect(roundedRatio(1, 20_000, 1, 4)).toBe(0.0001); // 0.00005
    });

    it('gives whole ratios and zero as they are', () => {
      expect(roundedRatio(5, 5, 1, 4)).toBe(1);
      expect(roundedRatio(0, 7, 1, 4)).toBe(0);
      expect(roundedRatio(12, 4, 1, 2)).toBe(3);
      expect(roundedRatio(0, 9, 1000, 1)).toBe(0);
    });

    it('is null without visits, whatever the numerator', () => {
      expect(roundedRatio(0, 0, 1, 4)).toBeNull();
      expect(roundedRatio(3, 0, 1000, 1)).toBeNull();
    });

    it('stays exact for sums past 2^53', () => {
      // 2^55 ms over 3 visits: 12,009,599,006,321.3226... s.
      expect(roundedRatio(2 ** 55, 3, 1000, 1)).toBe(12_009_599_006_321.3);
      // 2^54 bounces over 2^54 + 2^53 visits: 2/3.
      expect(roundedRatio(2 ** 54, 2 ** 54 + 2 ** 53, 1, 4)).toBe(0.6667);
    });
  });

  describe('derivedSeriesOf', () => {
    const inputs: Record<string, CountSeries> = {
      visits: series([3, 0, 1]),
      bounces: series([1, 0, 1]),
      visit_duration_ms: series([100_000, 0, 0]),
      visit_pageviews: series([7, 2, 1]),
    };
    const read = (name: string) => inputs[name];

    it('is the ratio of the sums per bucket and over the range, not an average of ratios', () => {
      expect(derivedSeriesOf('bounce_rate', read)).toEqual({
        total: 0.5, // 2 bounces of 4 visits; the buckets' ratios would average 0.6667
        exact: true,
        series: [
          { start: '2026-11-04', value: 0.3333 },
          { start: '2026-11-09', value: null },
          { start: '2026-11-16', value: 1 },
        ],
      });
    });

    it('turns milliseconds into seconds and counts page views per visit, null where there was no visit', () => {
      expect(derivedSeriesOf('visit_duration', read)).toEqual({
        total: 25,
        exact: true,
        series: [
          { start: '2026-11-04', value: 33.3 },
          { start: '2026-11-09', value: null },
          { start: '2026-11-16', value: 0 },
        ],
      });
      // Page views of a bucket without visits (a visit that began earlier) do not make a ratio there.
      expect(derivedSeriesOf('views_per_visit', read).series.map((p) => p.value)).toEqual([2.33, null, 1]);
      expect(derivedSeriesOf('views_per_visit', read).total).toBe(2.5);
    });

    it('is null over a range without visits, with a point for every bucket', () => {
      const none = (name: string) => (name === 'visits' ? series([0, 0, 0]) : series([0, 2, 0]));
      expect(derivedSeriesOf('views_per_visit', none)).toEqual({
        total: null,
        exact: true,
        series: STARTS.map((start) => ({ start, value: null })),
      });
    });
  });

  describe('storedMetricsOf', () => {
    it('reads each input once, however many ratios or inputs are asked for', () => {
      expect(storedMetricsOf(['bounce_rate', 'visit_duration', 'views_per_visit'])).toEqual([
        'bounces',
        'visits',
        'visit_duration_ms',
        'visit_pageviews',
      ]);
      expect(storedMetricsOf(['visits', 'page_view', 'bounce_rate', 'bounces', 'page_view'])).toEqual([
        'visits',
        'page_view',
        'bounces',
      ]);
    });
  });

  it('lists each ratio where visits, its denominator, has data', () => {
    expect(DERIVED_LISTING).toEqual({
      names: ['bounce_rate', 'visit_duration', 'views_per_visit'],
      denominators: ['visits', 'visits', 'visits'],
    });
  });
});
