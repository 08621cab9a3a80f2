import type { EventKey } from './event-window';

/** The value of a hex digit's char code, either letter case (UUIDs are validated before they get here). */
const hexValue = (code: number) => (code <= 57 ? code - 48 : (code | 32) - 87);

/** The four 32-bit words of a UUID's 32 hex digits, dashes skipped, without making a string. */
function uuidWords(uuid: string, words: Uint32Array, at: number): void {
  let word = 0;
  let digits = 0;
  for (let i = 0; i < uuid.length; i++) {
    const code = uuid.charCodeAt(i);
    if (code === 45) continue;
    word = (word << 4) | hexValue(code);
    if (++digits % 8 === 0) {
      words[at + digits / 8 - 1] = word >>> 0;
      word = 0;
    }
  }
}

/** MurmurHash3 (x86, 32-bit) over 8 words from `seed`. */
function murmur(words: Uint32Array, seed: number): number {
  let h = seed;
  for (let i = 0; i < words.length; i++) {
    let k = Math.imul(words[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words.length * 4;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const words = new Uint32Array(8);

/**
 * The key an event has in its partition's duplicate window: three independent 32-bit hashes of its project
 * id and event id (any letter case: UUIDs are read as numbers). Two different (project, event) pairs share one
 * about once in 2^96: a real event is practically never taken for a duplicate.
 */
export function eventKeyOf(projectId: string, eventId: string): EventKey {
  uuidWords(projectId, words, 0);
  uuidWords(eventId, words, 4);
  return { a: murmur(words, 0x9747b28c), b: murmur(words, 0x2f6b1d3e), c: murmur(words, 0x5bd1e995) };
}
