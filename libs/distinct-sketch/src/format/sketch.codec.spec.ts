import { decodeSketch, encodeSketch, representationOf } from './sketch.codec';
import type { SketchContents } from './sketch-contents';
import { SketchFormatError } from './sketch-format.error';
import { REGISTER_COUNT, SPARSE_CUTOFF } from './sketch.parameters';

const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function registers(values: Record<number, number>): SketchContents {
  const array = new Uint8Array(REGISTER_COUNT);
  for (const [index, value] of Object.entries(values)) array[Number(index)] = value;
  return { kind: 'registers', registers: array };
}

function filledRegisters(count: number): SketchContents {
  const array = new Uint8Array(REGISTER_COUNT);
  for (let i = 0; i < count; i++) array[(i * 7) % REGISTER_COUNT] = 1 + (i % 31);
  return { kind: 'registers', registers: array };
}

const expectDecodeError = (text: string, message: RegExp) => {
  expect(() => decodeSketch(fromHex(text))).toThrow(SketchFormatError);
  expect(() => decodeSketch(fromHex(text))).toThrow(message);
};

describe('sketch codec', () => {
  describe('round trips', () => {
    it('EMPTY is the three header bytes 11 8e 7f', () => {
      const bytes = encodeSketch({ kind: 'empty' });
      expect(hex(bytes)).toBe('118e7f');
      expect(decodeSketch(bytes)).toEqual({ kind: 'empty' });
    });

    it('EXPLICIT holds big-endian signed int64 values in ascending order', () => {
      const elements = BigInt64Array.of(-(1n << 63n), -5n, 0n, 1n, (1n << 63n) - 1n);
      const bytes = encodeSketch({ kind: 'explicit', elements });
      expect(hex(bytes)).toBe(
        '128e7f' +
          '8000000000000000' +
          'fffffffffffffffb' +
          '0000000000000000' +
          '0000000000000001' +
          '7fffffffffffffff',
      );
      expect(decodeSketch(bytes)).toEqual({ kind: 'explicit', elements });
    });

    it('EXPLICIT with no element stays one', () => {
      expect(decodeSketch(fromHex('128e7f'))).toEqual({ kind: 'explicit', elements: new BigInt64Array(0) });
      expect(hex(encodeSketch({ kind: 'explicit', elements: new BigInt64Array(0) }))).toBe('128e7f');
    });

    it('SPARSE packs 19-bit (index, value) entries', () => {
      // (0, 1) and (16383, 31): 00000000000000 00001 | 11111111111111 11111 | 00 padding
      const contents = registers({ 0: 1, 16_383: 31 });
      const bytes = encodeSketch(contents);
      expect(hex(bytes)).toBe('138e7f' + '00003ffffc');
      expect(decodeSketch(bytes)).toEqual(contents);
    });

    it('SPARSE with no entries is registers with none set', () => {
      expect(decodeSketch(fromHex('138e7f'))).toEqual(registers({}));
      expect(hex(encodeSketch(registers({})))).toBe('138e7f');
    });

    it('FULL packs every register in 5 bits: 10,240 data bytes', () => {
      const contents = filledRegisters(SPARSE_CUTOFF + 1);
      const bytes = encodeSketch(contents);
      expect(bytes.length).toBe(3 + 10_240);
      expect(hex(bytes.subarray(0, 3))).toBe('148e7f');
      expect(decodeSketch(bytes)).toEqual(contents);
    });

    it('writes registers as SPARSE up to 4,311 set registers and as FULL from 4,312', () => {
      expect(SPARSE_CUTOFF).toBe(4_311);
      const lastSparse = encodeSketch(filledRegisters(4_311));
      const firstFull = encodeSketch(filledRegisters(4_312));
      expect(lastSparse[0]).toBe(0x13);
      expect(lastSparse.length).toBe(10_242);
      expect(firstFull[0]).toBe(0x14);
      expect(firstFull.length).toBe(10_243);
      expect(representationOf(filledRegisters(0))).toBe('sparse');
    });

    it('reads a FULL sketch with few set registers and writes it back as SPARSE, as the extension does', () => {
      const full = new Uint8Array(3 + 10_240);
      full.set([0x14, 0x8e, 0x7f]);
      full[3] = 0b00001_000; // register 0 = 1
      const contents = decodeSketch(full);
      expect(contents).toEqual(registers({ 0: 1 }));
      expect(hex(encodeSketch(contents))).toBe('138e7f000020');
    });
  });

  describe('decoding errors', () => {
    it('refuses bytes shorter than the header', () => {
      expectDecodeError('', /3 header bytes; got 0 bytes/);
      expectDecodeError('118e', /3 header bytes; got 2 bytes/);
    });

    it('refuses other schema versions', () => {
      expectDecodeError('218e7f', /schema version 2; only version 1/);
      expectDecodeError('018e7f', /schema version 0/);
    });

    it('refuses UNDEFINED and unknown types', () => {
      expectDecodeError('108e7f', /UNDEFINED \(type 0\)/);
      expectDecodeError('158e7f', /unknown type 5 \(first byte 0x15\)/);
    });

    it('refuses other log2m and regwidth, naming both', () => {
      expectDecodeError('118b7f', /log2m 11 and regwidth 5 \(parameter byte 0x8b\).*log2m 14 and regwidth 5/);
      expectDecodeError('11ae7f', /log2m 14 and regwidth 6/);
    });

    it('refuses other expthresh and sparse settings', () => {
      expectDecodeError('118e40', /expthresh 0 \(no EXPLICIT\) and sparse on \(cutoff byte 0x40\)/);
      expectDecodeError('118e49', /expthresh 256 and sparse on/);
      expectDecodeError('118e3f', /expthresh -1 \(auto\) and sparse off/);
      expectDecodeError('118eff', /cutoff byte 0xff/);
    });

    it('refuses data after an EMPTY header', () => {
      expectDecodeError('118e7f00', /EMPTY sketch has 1 data bytes; it has none/);
    });

    it('refuses truncated, unsorted, repeated or too many EXPLICIT elements', () => {
      expectDecodeError('128e7f00000000000001', /EXPLICIT sketch has 7 data bytes, not a whole number/);
      expectDecodeError(
        '128e7f' + '0000000000000002' + '0000000000000001',
        /not strictly ascending: 1 follows 2 at position 1/,
      );
      expectDecodeError('128e7f' + '0000000000000002'.repeat(2), /not strictly ascending: 2 follows 2/);
      expectDecodeError('128e7f' + '0000000000000001'.repeat(1_281), /1281 elements; .* at most 1280/);
    });

    it('refuses SPARSE data that is not whole entries, unsorted, zero-valued or with set padding bits', () => {
      expectDecodeError('138e7f00003ffffc00', /SPARSE sketch has 6 data bytes, not a whole number of 19-bit/);
      expectDecodeError('138e7f0000', /SPARSE sketch has 2 data bytes/);
      // (5, 1) then (3, 1)
      expectDecodeError(
        '138e7f' + hex(sparseBytes([5, 1], [3, 1])),
        /indices are not strictly ascending: 3 follows 5/,
      );
      expectDecodeError('138e7f' + hex(sparseBytes([3, 1], [3, 2])), /not strictly ascending: 3 follows 3/);
      expectDecodeError('138e7f' + hex(sparseBytes([3, 0])), /register 3 with value 0/);
      expectDecodeError('138e7f000021', /SPARSE sketch has non-zero padding bits/);
    });

    it('refuses FULL data of the wrong length', () => {
      expectDecodeError('148e7f' + '00'.repeat(10_239), /FULL sketch has 10239 data bytes; .* take 10240/);
      expectDecodeError('148e7f' + '00'.repeat(10_241), /FULL sketch has 10241 data bytes/);
      expectDecodeError('148e7f', /FULL sketch has 0 data bytes/);
    });
  });
});

/** SPARSE data bytes for (index, value) pairs, written bit by bit. */
function sparseBytes(...pairs: [number, number][]): Uint8Array {
  const bits = pairs.flatMap(([index, value]) => [
    ...index.toString(2).padStart(14, '0'),
    ...value.toString(2).padStart(5, '0'),
  ]);
  while (bits.length % 8 !== 0) bits.push('0');
  const out = new Uint8Array(bits.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(bits.slice(i * 8, i * 8 + 8).join(''), 2);
  return out;
}
