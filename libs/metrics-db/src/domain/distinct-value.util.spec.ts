import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { vectorKey } from '@metrics-store/distinct-sketch/testing';
import { distinctValueOf as valueOfCount } from './distinct-value.util';
import { countOf } from './stored-sketch';

// SHA-256-derived keys, as the consumer's are: small integers would set no register.
const keys = (count: number) => Array.from({ length: count }, (_, i) => vectorKey('distinct-value', i));
const distinctValueOf = (
  union: DistinctSketch,
  ...rest: [{ largestDay: number; sumOfDays: number }, boolean]
) => valueOfCount(countOf(union), ...rest);

describe('distinctValueOf', () => {
  it('reports an EXPLICIT union as its exact count', () => {
    const union = DistinctSketch.fromKeys(keys(900));
    expect(distinctValueOf(union, { largestDay: 400, sumOfDays: 2_000 }, true)).toEqual({
      value: 900,
      exact: true,
    });
  });

  it('is not exact when a sketch it needed is missing, and never below the busiest day', () => {
    const union = DistinctSketch.fromKeys(keys(300));
    expect(distinctValueOf(union, { largestDay: 400, sumOfDays: 2_000 }, false)).toEqual({
      value: 400,
      exact: false,
    });
    expect(distinctValueOf(DistinctSketch.empty(), { largestDay: 0, sumOfDays: 0 }, false)).toEqual({
      value: 0,
      exact: true,
    });
  });

  it('estimates a larger union, within the bounds, and marks it as an estimate', () => {
    const union = DistinctSketch.fromKeys(keys(20_000));
    const { value, exact } = distinctValueOf(union, { largestDay: 5_000, sumOfDays: 70_000 }, true);
    expect(exact).toBe(false);
    expect(Number.isInteger(value)).toBe(true);
    expect(Math.abs(value / 20_000 - 1)).toBeLessThan(0.03);
  });

  it('clamps an estimate to the daily bounds; equal bounds make the value exact', () => {
    const union = DistinctSketch.fromKeys(keys(20_000));
    expect(distinctValueOf(union, { largestDay: 25_000, sumOfDays: 90_000 }, true)).toEqual({
      value: 25_000,
      exact: false,
    });
    expect(distinctValueOf(union, { largestDay: 3_000, sumOfDays: 10_000 }, true).value).toBe(10_000);
    // One day alone in its bucket: the bounds are that day's exact value.
    expect(distinctValueOf(union, { largestDay: 19_000, sumOfDays: 19_000 }, true)).toEqual({
      value: 19_000,
      exact: true,
    });
  });
});
