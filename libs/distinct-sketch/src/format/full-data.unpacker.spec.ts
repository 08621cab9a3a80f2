import { packWords, unpackWords } from './bit-packing.util';
import { raiseToFiveBitRegisters, raiseToFullData, raiseToPackedRegisters } from './full-data.unpacker';

const REGISTERS = 16_384;

function fullBytes(values: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(3 + (REGISTERS * 5) / 8);
  packWords(values, REGISTERS, 5, bytes, 3);
  return bytes;
}

const randomValues = (seed: number) =>
  Uint8Array.from({ length: REGISTERS }, (_, i) => ((i + 1) * seed) % 32);

describe('raising registers to FULL data', () => {
  it.each([
    ['the 5-bit reader', raiseToFiveBitRegisters],
    ['the reader for any width', raiseToPackedRegisters],
  ])('%s reads into zeros what the generic bit unpacker reads', (_name, raise) => {
    const bytes = fullBytes(randomValues(2_654_435_761));
    const expected = new Uint8Array(REGISTERS);
    unpackWords(bytes, 3, 5, expected);
    const target = new Uint8Array(REGISTERS);
    expect(raise(bytes, target)).toBe(true);
    expect(target).toEqual(expected);
  });

  it.each([
    ['the 5-bit reader', raiseToFiveBitRegisters],
    ['the reader for any width', raiseToPackedRegisters],
  ])('%s keeps the larger value of each register and tells whether one rose', (_name, raise) => {
    const stored = randomValues(40_503);
    const target = randomValues(12_289);
    const expected = target.map((value, i) => Math.max(value, stored[i]));
    expect(raise(fullBytes(stored), target)).toBe(true);
    expect(target).toEqual(expected);
    expect(raise(fullBytes(stored), target)).toBe(false);
  });

  it('uses the 5-bit reader for this store’s parameters', () => {
    expect(raiseToFullData).toBe(raiseToFiveBitRegisters);
  });
});
