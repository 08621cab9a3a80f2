/**
 * The keys of one day as the merger reads them: `string_agg(int8send(key), '')`, every key as 8 big-endian
 * bytes one after the other. One bytea per day crosses the wire and parses without a text round trip per key.
 */
export function keysOfPackedInt8(packed: Buffer | null): BigInt64Array {
  if (packed === null) return new BigInt64Array(0);
  if (packed.length % 8 !== 0) {
    throw new RangeError(`packed int8 keys are a multiple of 8 bytes; got ${packed.length}`);
  }
  const keys = new BigInt64Array(packed.length / 8);
  for (let i = 0; i < keys.length; i++) keys[i] = packed.readBigInt64BE(i * 8);
  return keys;
}
