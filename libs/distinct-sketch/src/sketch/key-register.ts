import { LOG2M, MAX_REGISTER_VALUE, REGISTER_COUNT } from '../format/sketch.parameters';

// Local copies of the parameters: this runs once per key added, and an imported binding can cost a property
// read per use where the code runs as CommonJS.
const INDEX_BITS = LOG2M;
const INDEX_MASK = REGISTER_COUNT - 1;
const MAX_VALUE = MAX_REGISTER_VALUE;
/** Bits of the key's low 32-bit half that lie above the register index. */
const LOW_REST_BITS = 32 - INDEX_BITS;

const trailingZeros32 = (word: number) => 31 - Math.clz32(word & -word);

/**
 * What adding a 64-bit key does to the registers, the key being its own hash value (`key::hll_hashval`):
 * the low LOG2M bits choose the register, and the value is 1 + the number of trailing zeros of the bits
 * above them, capped at MAX_REGISTER_VALUE. A key whose upper bits are all zero sets nothing (value 0), as
 * in the extension: such keys still count while a sketch is EXPLICIT, and vanish from it once promoted.
 *
 * Returns `value << INDEX_BITS | index`, so the hot path allocates nothing.
 */
export function registerUpdateOf(key: bigint): number {
  return registerUpdateOfWords(Number(BigInt.asUintN(32, key >> 32n)), Number(BigInt.asUintN(32, key)));
}

/**
 * `registerUpdateOf` of the key whose two's-complement bits are `high` (bits 32 to 63) and `low` (bits 0 to
 * 31), both read as unsigned 32-bit numbers: keys read as bytes need no BigInt at all.
 */
export function registerUpdateOfWords(high: number, low: number): number {
  const index = low & INDEX_MASK;
  const lowRest = low >>> INDEX_BITS;
  let zeros: number;
  if (lowRest !== 0) {
    zeros = trailingZeros32(lowRest);
  } else {
    if (high === 0) return index;
    zeros = LOW_REST_BITS + trailingZeros32(high);
  }
  return (Math.min(zeros + 1, MAX_VALUE) << INDEX_BITS) | index;
}

export const indexOfUpdate = (update: number) => update & INDEX_MASK;
export const valueOfUpdate = (update: number) => update >>> INDEX_BITS;
