import { keysOfPackedInt8 } from './sketch-keys.codec';

describe('keysOfPackedInt8', () => {
  it('reads signed big-endian 64-bit keys one after the other', () => {
    const packed = Buffer.alloc(24);
    packed.writeBigInt64BE(-1n, 0);
    packed.writeBigInt64BE(9_223_372_036_854_775_807n, 8);
    packed.writeBigInt64BE(42n, 16);
    expect([...keysOfPackedInt8(packed)]).toEqual([-1n, 9_223_372_036_854_775_807n, 42n]);
  });

  it('reads no key from NULL (a day without keys), and refuses a torn value', () => {
    expect(keysOfPackedInt8(null)).toHaveLength(0);
    expect(() => keysOfPackedInt8(Buffer.alloc(12))).toThrow(RangeError);
  });
});
