import { createHash } from 'node:crypto';

// SHA-256's round constants and initial state (FIPS 180-4, 4.2.2 and 5.3.3).
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const INITIAL = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
const BLOCK = 64;

/**
 * HMAC-SHA-256 under one key, for the many short messages of a stream (events/visitor-key.hasher.ts). Node's
 * createHmac builds an object, hashes both padded keys again and allocates a digest for every message: about
 * 5 µs and a share of the garbage collector's time per event in a drain. Here the states after the padded keys
 * are worked out once, a message costs the compressions of its own blocks plus one, and nothing is allocated
 * but the result. The output is the standard HMAC's, which the spec checks against node:crypto.
 */
export class KeyedSha256 {
  private readonly innerStart = new Int32Array(8);
  private readonly outerStart = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly words = new Int32Array(64);
  /** The message being hashed, UTF-8, with room for its padding; grows for a longer one. */
  private bytes = new Uint8Array(4 * BLOCK);
  private readonly encoder = new TextEncoder();

  constructor(secret: string) {
    let key = Buffer.from(secret, 'utf8');
    if (key.length > BLOCK) key = createHash('sha256').update(key).digest();
    const padded = new Uint8Array(BLOCK);
    for (const [start, pad] of [
      [this.innerStart, 0x36],
      [this.outerStart, 0x5c],
    ] as const) {
      for (let i = 0; i < BLOCK; i++) padded[i] = (key[i] ?? 0) ^ pad;
      this.state.set(INITIAL);
      this.compress(padded, 0);
      start.set(this.state);
    }
  }

  /** The first 8 bytes of HMAC-SHA-256 of `message` (UTF-8), as a signed big-endian 64-bit integer. */
  first8(message: string): bigint {
    const length = this.encode(message);
    // Inner hash: the key's block is in innerStart; then the message, 0x80, zeros, the bit length of both.
    this.state.set(this.innerStart);
    const blocks = this.pad(length, BLOCK + length);
    for (let at = 0; at < blocks * BLOCK; at += BLOCK) this.compress(this.bytes, at);
    // Outer hash: the key's block is in outerStart; then the 32 bytes of the inner hash, padded, in one block.
    const bytes = this.bytes;
    for (let i = 0; i < 8; i++) {
      const word = this.state[i];
      bytes[4 * i] = word >>> 24;
      bytes[4 * i + 1] = word >>> 16;
      bytes[4 * i + 2] = word >>> 8;
      bytes[4 * i + 3] = word;
    }
    this.state.set(this.outerStart);
    this.pad(32, BLOCK + 32);
    this.compress(bytes, 0);
    return BigInt.asIntN(64, (BigInt(this.state[0] >>> 0) << 32n) | BigInt(this.state[1] >>> 0));
  }

  /** Writes `message` as UTF-8 at the start of `bytes` and returns its length in bytes. */
  private encode(message: string): number {
    // Room for the longest encoding (3 bytes per UTF-16 unit) and the padding.
    const room = 3 * message.length + 2 * BLOCK;
    if (this.bytes.length < room) this.bytes = new Uint8Array(2 * room);
    const bytes = this.bytes;
    for (let i = 0; i < message.length; i++) {
      const unit = message.charCodeAt(i);
      if (unit >= 0x80) return this.encoder.encodeInto(message, bytes).written;
      bytes[i] = unit;
    }
    return message.length;
  }

  /** SHA-256's padding after `length` bytes of `bytes`, for a message of `hashedBytes` in all; the blocks it fills. */
  private pad(length: number, hashedBytes: number): number {
    const bytes = this.bytes;
    const blocks = Math.ceil((length + 9) / BLOCK);
    bytes[length] = 0x80;
    bytes.fill(0, length + 1, blocks * BLOCK - 8);
    const bits = hashedBytes * 8;
    const end = blocks * BLOCK;
    const high = Math.floor(bits / 0x1_0000_0000);
    bytes[end - 8] = high >>> 24;
    bytes[end - 7] = high >>> 16;
    bytes[end - 6] = high >>> 8;
    bytes[end - 5] = high;
    bytes[end - 4] = bits >>> 24;
    bytes[end - 3] = bits >>> 16;
    bytes[end - 2] = bits >>> 8;
    bytes[end - 1] = bits;
    return blocks;
  }

  /** One SHA-256 compression of the 64 bytes of `block` from `at` into `state`. */
  private compress(block: Uint8Array, at: number): void {
    const w = this.words;
    for (let i = 0; i < 16; i++) {
      const j = at + 4 * i;
      w[i] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    const s = this.state;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    let e = s[4];
    let f = s[5];
    let g = s[6];
    let h = s[7];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    s[0] = (s[0] + a) | 0;
    s[1] = (s[1] + b) | 0;
    s[2] = (s[2] + c) | 0;
    s[3] = (s[3] + d) | 0;
    s[4] = (s[4] + e) | 0;
    s[5] = (s[5] + f) | 0;
    s[6] = (s[6] + g) | 0;
    s[7] = (s[7] + h) | 0;
  }
}
