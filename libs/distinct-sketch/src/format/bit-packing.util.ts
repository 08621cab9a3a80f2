/**
 * Fixed-width words packed high bit first, the first word at the top of the first byte, the last byte
 * padded with zero bits at its bottom: the layout of both SPARSE entries and FULL registers. Words are at
 * most 24 bits wide, so the bits in flight always fit a 32-bit integer.
 */

/** The number of bytes `count` words of `wordBits` bits take. */
export const packedBytes = (count: number, wordBits: number) => Math.ceil((count * wordBits) / 8);

/**
 * Reads `into.length` words starting at `bytes[offset]` into `into`; returns the value of the padding bits
 * left in the last byte (zero in a well-formed sketch).
 */
export function unpackWords(
  bytes: Uint8Array,
  offset: number,
  wordBits: number,
  into: Uint8Array | Uint32Array,
): number {
  const mask = (1 << wordBits) - 1;
  let pending = 0;
  let pendingBits = 0;
  let position = offset;
  for (let i = 0; i < into.length; i++) {
    while (pendingBits < wordBits) {
      pending = ((pending << 8) | bytes[position++]) >>> 0;
      pendingBits += 8;
    }
    pendingBits -= wordBits;
    into[i] = (pending >>> pendingBits) & mask;
    pending &= (1 << pendingBits) - 1;
  }
  return pending;
}

/** Writes `count` words of `words` at `out[offset]`, high bit first, zero-padding the last byte. */
export function packWords(
  words: ArrayLike<number>,
  count: number,
  wordBits: number,
  out: Uint8Array,
  offset: number,
): void {
  let pending = 0;
  let pendingBits = 0;
  let position = offset;
  for (let i = 0; i < count; i++) {
    pending = (pending << wordBits) | words[i];
    pendingBits += wordBits;
    while (pendingBits >= 8) {
      pendingBits -= 8;
      out[position++] = (pending >>> pendingBits) & 0xff;
    }
    pending &= (1 << pendingBits) - 1;
  }
  if (pendingBits > 0) out[position] = (pending << (8 - pendingBits)) & 0xff;
}
