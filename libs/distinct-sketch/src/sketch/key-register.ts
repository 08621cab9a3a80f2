import { LOG2M, MAX_REGISTER_VALUE, REGISTER_COUNT } from '../format/sketch.parameters';

const INDEX_MASK = REGISTER_COUNT - 1;
/** Bits of the key's low 32-bit half that lie above the register index. */
const LOW_REST_BITS = 32 - LOG2M;

const trailingZeros32 = (word: number) => 31 - Math.clz32(word & -word);

/**
 * What adding a 64-bit key does to the registers, the key being its own hash value (`key::hll_hashval`):
 * the low LOG2M bits choose the register, and the value is 1 + the number of trailing zeros of the bits
 * above them, capped at MAX_REGISTER_VALUE. A key whose upper bits are all zero sets nothing (value 0), as
 * in the extension: such keys still count while a sketch is EXPLICIT, and vanish from it once promoted.
 *
 * Returns `value << LOG2M | index`, so the hot path allocates nothing.
 */
export function registerUpdateOf(key: bigint): number {
  const low = Number(BigInt.asUintN(32, key));
  const index = low & INDEX_MASK;
  const lowRest = low >>> LOG2M;
  let zeros: number;
  if (lowRest !== 0) {
    zeros = trailingZeros32(lowRest);
  } else {
    const high = Number(BigInt.asUintN(32, key >> 32n));
    if (high === 0) return index;
    zeros = LOW_REST_BITS + trailingZeros32(high);
  }
  return (Math.min(zeros + 1, MAX_REGISTER_VALUE) << LOG2M) | index;
}

export const indexOfUpdate = (update: number) => update & INDEX_MASK;
export const valueOfUpdate = (update: number) => update >>> LOG2M;
