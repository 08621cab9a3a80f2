import type { RegisterRun, VectorSet } from '@metrics-store/distinct-sketch/testing';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const REGISTER_COUNT = 16_384;

/**
 * Keys that pin the register rule at its edges: the extremes of int64, keys whose bits above the 14-bit
 * index are all zero (they set no register), and trailing-zero counts of 29, 30, 31 and 49 (values 30, 31
 * and the cap 31), each on its own register.
 */
export const EDGE_KEYS: readonly string[] = [
  0n,
  -1n,
  INT64_MIN,
  INT64_MAX,
  1n,
  5n,
  16_383n,
  16_384n,
  (1n << 43n) | 1n,
  (1n << 44n) | 2n,
  (1n << 45n) | 3n,
  INT64_MIN | 4n,
].map(String);

/** 1,281 keys below 2^14: enough to leave EXPLICIT, yet none of them sets a register. */
const INDEX_ONLY_KEYS = Array.from({ length: 1_281 }, (_, i) => String(i));

const set = (name: string, seed: string, start: number, count: number, extraKeys?: readonly string[]) =>
  ({ name, seed, start, count, ...(extraKeys ? { extraKeys: [...extraKeys] } : {}) }) satisfies VectorSet;

/** The sets of the fixture but the two around the SPARSE/FULL cutoff, which are found on the server. */
export const FIXED_SETS: readonly VectorSet[] = [
  set('size-0', 'size', 0, 0),
  set('size-1', 'size', 0, 1),
  set('size-100', 'size', 0, 100),
  set('size-1280', 'size', 0, 1_280),
  set('size-1281', 'size', 0, 1_281),
  set('size-5000', 'size', 0, 5_000),
  set('size-100000', 'size', 0, 100_000),
  // Overlapping explicit sets: a and b together hold exactly 1,280 keys, a and c 1,281.
  set('explicit-a', 'pair', 0, 1_000),
  set('explicit-b', 'pair', 720, 560),
  set('explicit-c', 'pair', 721, 560),
  set('sparse-a', 'sparse', 0, 3_000),
  set('sparse-b', 'sparse', 1_500, 3_000),
  set('sparse-c', 'sparse-other', 0, 3_000),
  set('full-b', 'full', 0, 20_000),
  set('edge-explicit', 'edge', 0, 0, EDGE_KEYS),
  set('edge-promoted', 'edge', 0, 1_281, EDGE_KEYS),
  set('index-only', 'index-only', 0, 0, INDEX_ONLY_KEYS),
];

/** The seed whose prefix sizes are searched for the last SPARSE and the first FULL sketch. */
export const CUTOFF_SEED = 'sparse-cutoff';
export const CUTOFF_SEARCH_LIMIT = 8_000;

export const PAIR_UNIONS: readonly [string, string][] = [
  ['size-0', 'size-0'],
  ['size-0', 'size-100'],
  ['size-0', 'sparse-a'],
  ['size-100000', 'size-0'],
  ['explicit-a', 'explicit-b'],
  ['explicit-a', 'explicit-c'],
  ['size-100', 'explicit-a'],
  ['size-1280', 'explicit-a'],
  ['explicit-a', 'sparse-a'],
  ['sparse-a', 'explicit-a'],
  ['sparse-a', 'sparse-b'],
  ['sparse-a', 'sparse-c'],
  ['sparse-a', 'size-100000'],
  ['explicit-a', 'size-100000'],
  ['size-5000', 'full-b'],
  ['last-sparse', 'size-100'],
  ['index-only', 'size-100'],
  ['edge-explicit', 'edge-promoted'],
];

export const UNION_AGGREGATES: readonly { name: string; of: string[] }[] = [
  { name: 'agg-empty', of: ['size-0', 'size-0'] },
  { name: 'agg-explicit-stays', of: ['explicit-a', 'explicit-b', 'size-1'] },
  { name: 'agg-explicit-overflows', of: ['size-100', 'explicit-a', 'explicit-b'] },
  { name: 'agg-mixed', of: ['size-0', 'size-1', 'explicit-a', 'sparse-a', 'size-5000', 'size-100000'] },
  { name: 'agg-sparse-to-full', of: ['sparse-a', 'sparse-b', 'sparse-c'] },
];

const run = (from: number, to: number, value: number): RegisterRun => ({ from, to, value });
const LAST = REGISTER_COUNT - 1;

/**
 * FULL bytes written directly, for what sets of keys reach only by luck: the SPARSE/FULL cutoff in set
 * registers, both sides of the linear-counting switch (raw estimate just above and just below 5m/2), both
 * sides of the large-range correction (2^44/30), and saturated registers, where the correction is NaN.
 */
export const REGISTER_PATTERNS: readonly { name: string; runs: RegisterRun[] }[] = [
  { name: 'no-registers', runs: [] },
  { name: 'filled-4311', runs: [run(0, 4_310, 1)] },
  { name: 'filled-4312', runs: [run(0, 4_311, 1)] },
  { name: 'linear-counting-above', runs: [run(1, 2_520, 1), run(2_521, LAST, 2)] },
  { name: 'linear-counting-below', runs: [run(1, 2_521, 1), run(2_522, LAST, 2)] },
  { name: 'large-range-below', runs: [run(0, 10_499, 26), run(10_500, LAST, 25)] },
  { name: 'large-range-above', runs: [run(0, 10_999, 26), run(11_000, LAST, 25)] },
  { name: 'saturated', runs: [run(0, LAST, 31)] },
];
