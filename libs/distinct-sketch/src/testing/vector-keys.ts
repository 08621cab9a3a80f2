import { hash } from 'node:crypto';
import type { VectorSet } from './hll-vectors.types';

/**
 * Key `i` of the key set seeded `seed`: the first 8 bytes of SHA-256 of `hll-vector:<seed>:<i>`, read as a
 * signed big-endian integer, the way the consumer turns visitor and session ids into keys. The fixture
 * stores seeds, not keys, and anyone can derive the keys again.
 */
export function vectorKey(seed: string, i: number): bigint {
  return hash('sha256', `hll-vector:${seed}:${i}`, 'buffer').readBigInt64BE(0);
}

/** The keys of a fixture set, in the order they were added: its extra keys, then the derived ones. */
export function keysOfVectorSet(set: VectorSet): bigint[] {
  const keys = (set.extraKeys ?? []).map((key) => BigInt(key));
  for (let i = set.start; i < set.start + set.count; i++) keys.push(vectorKey(set.seed, i));
  return keys;
}
