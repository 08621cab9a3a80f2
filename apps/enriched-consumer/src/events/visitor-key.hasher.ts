import { KeyedSha256 } from './keyed-sha256';

/** Which id a key is of: a part of the keyed message, so a visitor and a session with one id differ. */
export type VisitorKeyKind = 'visitor' | 'session';

// Slots of the cache: two ways of 2^18 sets, 17 bytes each (8.5 MiB), enough for the ids of several batches.
const SET_BITS = 18;
const SETS = 1 << SET_BITS;

/** A 32-bit FNV-1a step over a string's UTF-16 units, from `hash`. */
function fnv1a(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

/** A second, independent 32-bit hash (multiply-rotate over UTF-16 units), from `hash`. */
function mixRotate(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x9e3779b1);
    h = (h << 13) | (h >>> 19);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * The 64-bit keys stored for visitors and sessions (docs/events.md#what-is-kept-about-visitors): the first 8
 * bytes of HMAC-SHA-256 under VISITOR_KEY_SECRET of `<project id> NUL <kind> NUL <id>` (UTF-8), read as a signed
 * big-endian integer, so a key fits PostgreSQL's BIGINT as it is. Without the secret nobody can find an id
 * from its key by trying candidates, and one person has unrelated keys in two projects.
 *
 * Visitors and sessions repeat across a stream, and an HMAC costs about twice a plain SHA-256. The keys made
 * last are cached, but by a 64-bit fingerprint of the message (two independent 32-bit hashes), never by the
 * id: no raw id stays in memory past its batch. A set-associative table of typed arrays, bounded, with no
 * garbage per lookup; two messages with one fingerprint in one set (about 1 in 2^64 per lookup) is the only
 * way a key could be wrong.
 */
export class VisitorKeyHasher {
  private readonly low = new Uint32Array(2 * SETS);
  private readonly high = new Uint32Array(2 * SETS);
  private readonly keys = new BigInt64Array(2 * SETS);
  private readonly used = new Uint8Array(2 * SETS);
  /** Per set, the way to replace next: the one not hit last. */
  private readonly victim = new Uint8Array(SETS);

  private readonly hmac: KeyedSha256;

  constructor(secret: string) {
    this.hmac = new KeyedSha256(secret);
  }

  keyOf(projectId: string, kind: VisitorKeyKind, id: string): bigint {
    const low = fnv1a(fnv1a(fnv1a(2_166_136_261, projectId), kind), id);
    const high = mixRotate(mixRotate(mixRotate(0x243f6a88, projectId), kind), id);
    const set = low & (SETS - 1);
    for (let way = 0; way < 2; way++) {
      const slot = 2 * set + way;
      if (this.used[slot] === 1 && this.low[slot] === low && this.high[slot] === high) {
        this.victim[set] = 1 - way;
        return this.keys[slot];
      }
    }
    const key = this.hmacKey(projectId, kind, id);
    const way = this.victim[set];
    const slot = 2 * set + way;
    this.low[slot] = low;
    this.high[slot] = high;
    this.keys[slot] = key;
    this.used[slot] = 1;
    this.victim[set] = 1 - way;
    return key;
  }

  /** The key itself, without the cache. */
  hmacKey(projectId: string, kind: VisitorKeyKind, id: string): bigint {
    return this.hmac.first8(`${projectId}\u0000${kind}\u0000${id}`);
  }
}
