import { packedBytes, packWords, unpackWords } from './bit-packing.util';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('bit packing', () => {
  // The two worked examples of the storage specification (STORAGE.markdown, schema version 1).
  it('packs SPARSE entries as the specification example: log2m 11, regwidth 6, (11, 6) and (1099, 19)', () => {
    const entries = [(11 << 6) | 6, (1099 << 6) | 19];
    const out = new Uint8Array(packedBytes(2, 17));
    packWords(entries, 2, 17, out, 0);
    // The specification's octets in binary are 01 63 44 b4 c0; its hex line ("0x5B") swaps the nibbles of the
    // fourth byte.
    expect(hex(out)).toBe('016344b4c0');
  });

  it('packs FULL registers as the specification example: regwidth 5, registers 0, 1, 2, 3', () => {
    const out = new Uint8Array(packedBytes(4, 5));
    packWords([0, 1, 2, 3], 4, 5, out, 0);
    expect(hex(out)).toBe('004430');
  });

  it('reads back what it wrote, at an offset, for every word width up to 24 bits', () => {
    for (let wordBits = 1; wordBits <= 24; wordBits++) {
      const count = 37;
      const words = Uint32Array.from({ length: count }, (_, i) => (i * 2_654_435_761) % 2 ** wordBits);
      const out = new Uint8Array(2 + packedBytes(count, wordBits));
      packWords(words, count, wordBits, out, 2);
      const back = new Uint32Array(count);
      expect(unpackWords(out, 2, wordBits, back)).toBe(0);
      expect(Array.from(back)).toEqual(Array.from(words));
    }
  });

  it('returns the padding bits it found after the last word', () => {
    const bytes = Uint8Array.of(0b00001_000 | 0b101);
    const into = new Uint8Array(1);
    expect(unpackWords(bytes, 0, 5, into)).toBe(0b101);
    expect(into[0]).toBe(1);
  });
});
