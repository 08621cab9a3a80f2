import { LOG2M, MAX_REGISTER_VALUE, REGISTER_COUNT } from '../format/sketch.parameters';

const M = REGISTER_COUNT;
/** Flajolet et al.'s bias constant for m >= 128 registers. */
const ALPHA_M_SQUARED = (0.7213 / (1 + 1.079 / M)) * M * M;
/** Below 5m/2 the raw estimate is biased upwards; linear counting on the empty registers is used instead. */
const LINEAR_COUNTING_LIMIT = (5 * M) / 2;
/**
 * The registers tell apart at most 2^(log2m + 2^regwidth - 2) hash values (an index and up to 30 trailing
 * zeros): 2^44 here. Above 1/30 of that, collisions in that space are corrected for.
 */
const HASH_SPACE = 2 ** (LOG2M + MAX_REGISTER_VALUE - 1);
const LARGE_RANGE_LIMIT = HASH_SPACE / 30;
/** 2^-v for every register value: exact in a double, and so is their sum (at most 45 significant bits). */
const INVERSE_POWERS = Float64Array.from({ length: MAX_REGISTER_VALUE + 1 }, (_, value) => 2 ** -value);

/**
 * `hll_cardinality` of SPARSE or FULL registers: the raw HyperLogLog estimate, linear counting in the small
 * range, and the large-range correction, exactly as the extension computes them (no HLL++ bias tables), so
 * that SQL and this code give the same number (to the last bit, but for how the two round a logarithm).
 */
export function estimateFromRegisters(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    const value = registers[i];
    sum += INVERSE_POWERS[value];
    if (value === 0) zeros++;
  }
  const raw = ALPHA_M_SQUARED / sum;
  if (raw <= LINEAR_COUNTING_LIMIT && zeros > 0) return M * Math.log(M / zeros);
  if (raw > LARGE_RANGE_LIMIT) return -HASH_SPACE * Math.log(1 - raw / HASH_SPACE);
  return raw;
}
