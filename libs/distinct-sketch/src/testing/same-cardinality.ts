import type { VectorCardinality } from './hll-vectors.types';

/** Relative difference allowed between this library's and the extension's `hll_cardinality`. */
export const CARDINALITY_TOLERANCE = 1e-12;

/**
 * The same double up to CARDINALITY_TOLERANCE, not necessarily the same bits. Both sides compute the same
 * formula with the same IEEE operations (the register sum is exact in a double), but the natural logarithm
 * of linear counting and of the large-range correction comes from glibc in PostgreSQL and from V8's own
 * `Math.log` here, and the two round the last bit differently for about one argument in ten: such an
 * estimate differs by one unit in the last place (about 2e-16 relative). Raw estimates agree exactly.
 */
export function sameCardinality(actual: number, expected: VectorCardinality): boolean {
  if (expected === 'NaN') return Number.isNaN(actual);
  if (expected === 0) return actual === 0;
  return Math.abs(actual - expected) / Math.abs(expected) <= CARDINALITY_TOLERANCE;
}
