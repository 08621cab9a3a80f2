import { indexOfUpdate, registerUpdateOf, valueOfUpdate } from './key-register';

const updateOf = (key: bigint) => {
  const update = registerUpdateOf(key);
  return { index: indexOfUpdate(update), value: valueOfUpdate(update) };
};

describe('registerUpdateOf: the register a key sets, as hll_add(..., key::hll_hashval)', () => {
  it('takes the register index from the low 14 bits', () => {
    expect(updateOf(16_384n + 7n)).toEqual({ index: 7, value: 1 });
    expect(updateOf(-1n)).toEqual({ index: 16_383, value: 1 });
  });

  it('sets 1 + the trailing zeros of the bits above the index', () => {
    expect(updateOf(1n << 15n)).toEqual({ index: 0, value: 2 });
    // Bits 14 to 31 are in the low half, bit 32 and above in the high half.
    expect(updateOf((1n << 31n) | 3n)).toEqual({ index: 3, value: 18 });
    expect(updateOf((1n << 32n) | 4n)).toEqual({ index: 4, value: 19 });
    expect(updateOf((1n << 43n) | 1n)).toEqual({ index: 1, value: 30 });
  });

  it('caps the value at 31, what 5 bits hold', () => {
    expect(updateOf((1n << 44n) | 2n)).toEqual({ index: 2, value: 31 });
    expect(updateOf((1n << 45n) | 3n)).toEqual({ index: 3, value: 31 });
    expect(updateOf(-(1n << 63n) | 4n)).toEqual({ index: 4, value: 31 });
  });

  it('sets nothing (value 0) when every bit above the index is zero', () => {
    expect(updateOf(0n)).toEqual({ index: 0, value: 0 });
    expect(updateOf(5n)).toEqual({ index: 5, value: 0 });
    expect(updateOf(16_383n)).toEqual({ index: 16_383, value: 0 });
  });

  it('reads negative keys as their two’s-complement bits', () => {
    expect(updateOf(-(1n << 63n))).toEqual({ index: 0, value: 31 });
    expect(updateOf((1n << 63n) - 1n)).toEqual({ index: 16_383, value: 1 });
    expect(updateOf(-16_384n)).toEqual({ index: 0, value: 1 });
    expect(updateOf(-32_768n)).toEqual({ index: 0, value: 2 });
  });
});
