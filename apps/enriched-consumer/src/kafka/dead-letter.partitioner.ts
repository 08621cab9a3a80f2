import createLegacyPartitioner = require('kafkajs/src/producer/partitioners/legacy/partitioner');

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 of a record key (the Java client's Utils.murmur2), in 32-bit integer arithmetic. kafkajs's
 * own computes it with BigInts that are never cut back to 64 bits, so their size grows with each 4 bytes of the
 * key and the hash takes time in the square of the key's length: 0.8 s for 100 kB, many minutes for 1 MB,
 * during which nothing else runs. This one gives the same number for every key, in time linear in its length.
 */
export function murmur2(key: Buffer | string): number {
  const data = Buffer.isBuffer(key) ? key : Buffer.from(String(key));
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The last one to three bytes, as the Java client's switch that falls through its cases.
  const tail = length & 3;
  if (tail === 3) h ^= data[whole + 2] << 16;
  if (tail >= 2) h ^= data[whole + 1] << 8;
  if (tail >= 1) {
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

/** kafkajs's DefaultPartitioner (same partitions for the same keys), on the linear murmur2. */
export const DeadLetterPartitioner = createLegacyPartitioner(murmur2);
