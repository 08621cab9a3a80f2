import { vectorKey } from '../testing';
import { SketchFormatError } from '../format/sketch-format.error';
import { DistinctSketch } from './distinct-sketch';

const hex = (sketch: DistinctSketch) => Buffer.from(sketch.encode()).toString('hex');
const keys = (seed: string, count: number, start = 0) =>
  Array.from({ length: count }, (_, i) => vectorKey(seed, start + i));
/** A key that sets register `index` to `value` (value - 1 trailing zeros above the index). */
const registerKey = (index: number, value: number) => (1n << BigInt(14 + value - 1)) | BigInt(index);
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('DistinctSketch', () => {
  describe('promotion EXPLICIT -> SPARSE -> FULL', () => {
    it('stays EXPLICIT and exact up to 1,280 distinct keys, then turns SPARSE', () => {
      const sketch = DistinctSketch.fromKeys(range(1_280).map((i) => registerKey(i, 1)));
      expect(sketch.representation).toBe('explicit');
      expect(sketch.isExact()).toBe(true);
      expect(sketch.exactCount()).toBe(1_280);
      expect(sketch.cardinality()).toBe(1_280);
      expect(sketch.encode().length).toBe(3 + 1_280 * 8);

      expect(sketch.add(registerKey(1_280, 1))).toBe(true);
      expect(sketch.representation).toBe('sparse');
      expect(sketch.isExact()).toBe(false);
      expect(sketch.exactCount()).toBeUndefined();
      // 1,281 registers set to 1: linear counting over the 15,103 empty ones.
      expect(sketch.cardinality()).toBeCloseTo(16_384 * Math.log(16_384 / (16_384 - 1_281)), 9);
    });

    it('counts distinct keys only: a repeated key does not promote', () => {
      const base = keys('repeat', 1_280);
      const sketch = DistinctSketch.fromKeys([...base, ...base, base[0]]);
      expect(sketch.representation).toBe('explicit');
      expect(sketch.exactCount()).toBe(1_280);
    });

    it('stays SPARSE up to 4,311 set registers and turns FULL at 4,312', () => {
      const sketch = DistinctSketch.fromKeys(range(4_311).map((i) => registerKey(i, 1)));
      expect(sketch.representation).toBe('sparse');
      expect(sketch.encode().length).toBe(10_242);
      // Raising a set register changes the bytes but not the count of set registers.
      expect(sketch.add(registerKey(0, 9))).toBe(true);
      expect(sketch.representation).toBe('sparse');

      expect(sketch.add(registerKey(4_311, 1))).toBe(true);
      expect(sketch.representation).toBe('full');
      expect(sketch.encode().length).toBe(10_243);
    });

    it('drops keys without bits above the index on promotion, as the extension does', () => {
      const sketch = DistinctSketch.fromKeys(range(1_281).map(BigInt));
      expect(sketch.representation).toBe('sparse');
      expect(hex(sketch)).toBe('138e7f');
      expect(sketch.cardinality()).toBe(0);
      expect(sketch.isEmpty()).toBe(false);
    });
  });

  describe('add', () => {
    it('tells whether the sketch changed; adding a key twice changes nothing', () => {
      for (const count of [0, 10, 1_280, 3_000, 20_000]) {
        const sketch = DistinctSketch.fromKeys(keys('twice', count));
        const before = hex(sketch);
        for (const key of keys('twice', Math.min(count, 200))) expect(sketch.add(key)).toBe(false);
        expect(hex(sketch)).toBe(before);
      }
      const sketch = DistinctSketch.empty();
      expect(sketch.add(42n)).toBe(true);
      expect(sketch.add(42n)).toBe(false);
    });

    it('keeps EXPLICIT elements sorted as signed integers, whatever the insertion order', () => {
      const sketch = DistinctSketch.fromKeys([5n, -1n, 1n << 62n, -(1n << 63n), 0n]);
      expect(hex(sketch)).toBe(
        '128e7f8000000000000000ffffffffffffffff000000000000000000000000000000054000000000000000',
      );
    });

    it('refuses keys outside the signed 64-bit range and non-bigint keys', () => {
      const sketch = DistinctSketch.empty();
      expect(() => sketch.add(1n << 63n)).toThrow(
        new RangeError(`a sketch key is a signed 64-bit integer; ${1n << 63n} is out of range`),
      );
      expect(() => sketch.add(-(1n << 63n) - 1n)).toThrow(RangeError);
      expect(() => sketch.add(7 as unknown as bigint)).toThrow(
        new TypeError('a sketch key is a bigint; got number'),
      );
      expect(sketch.isEmpty()).toBe(true);
    });
  });

  describe('addPacked', () => {
    const packed = (list: bigint[]) => {
      const bytes = Buffer.alloc(list.length * 8);
      list.forEach((key, i) => bytes.writeBigInt64BE(key, i * 8));
      return bytes;
    };

    it('gives the bytes of fromKeys of the same keys, added in pieces, across every promotion', () => {
      // Signed extremes and keys whose upper bits are all zero included: read as two 32-bit halves.
      const all = [-(1n << 63n), (1n << 63n) - 1n, 5n, -16_384n, ...keys('packed', 9_000)];
      for (const count of [0, 1, 1_280, 1_281, 5_000, all.length]) {
        const sketch = DistinctSketch.empty();
        for (let at = 0; at < count; at += 700)
          sketch.addPacked(packed(all.slice(at, Math.min(count, at + 700))));
        expect(hex(sketch)).toBe(hex(DistinctSketch.fromKeys(all.slice(0, count))));
      }
    });

    it('tells whether the sketch changed, and reads a view into a larger buffer', () => {
      const sketch = DistinctSketch.fromKeys(keys('view', 3_000));
      const bytes = packed([0n, ...keys('view', 3_000), 0n]);
      expect(sketch.addPacked(bytes.subarray(8, bytes.length - 8))).toBe(false);
      expect(sketch.addPacked(packed([registerKey(7, 31)]))).toBe(true);
    });

    it('refuses bytes that are not whole keys', () => {
      expect(() => DistinctSketch.empty().addPacked(new Uint8Array(12))).toThrow(
        new RangeError('packed keys are a multiple of 8 bytes; got 12'),
      );
    });
  });

  describe('union', () => {
    const inputs: Record<string, bigint[]> = {
      empty: [],
      'explicit-small': keys('u-a', 50),
      'explicit-large': keys('u-a', 1_000, 25),
      'explicit-near-cutoff': keys('u-b', 700),
      sparse: keys('u-c', 2_500),
      'sparse-overlapping': keys('u-c', 2_500, 1_200),
      full: keys('u-d', 30_000),
      'no-registers': range(1_281).map(BigInt),
    };
    const names = Object.keys(inputs);
    const pairs = names.flatMap((a) => names.map((b) => [a, b] as const));

    it.each(pairs)('%s with %s equals adding both key sets, in either order', (a, b) => {
      const ab = DistinctSketch.fromKeys(inputs[a]);
      const ba = DistinctSketch.fromKeys(inputs[b]);
      ab.merge(DistinctSketch.fromKeys(inputs[b]));
      ba.merge(DistinctSketch.fromKeys(inputs[a]));
      const direct = DistinctSketch.fromKeys([...inputs[a], ...inputs[b]]);
      expect(hex(ab)).toBe(hex(direct));
      expect(hex(ba)).toBe(hex(direct));
      expect(ab.cardinality()).toBe(direct.cardinality());
    });

    it.each(names)('%s is idempotent: union(a, a) = a, and merge says nothing changed', (name) => {
      const sketch = DistinctSketch.fromKeys(inputs[name]);
      const before = hex(sketch);
      expect(sketch.merge(DistinctSketch.fromKeys(inputs[name]))).toBe(false);
      expect(sketch.merge(sketch)).toBe(false);
      expect(hex(sketch)).toBe(before);
    });

    it('tells whether the union changed the sketch', () => {
      const sketch = DistinctSketch.fromKeys(inputs['sparse']);
      expect(sketch.merge(DistinctSketch.fromKeys(inputs['explicit-small']))).toBe(true);
      expect(sketch.merge(DistinctSketch.fromKeys(inputs['explicit-small']))).toBe(false);
      expect(sketch.merge(DistinctSketch.empty())).toBe(false);
      expect(DistinctSketch.empty().merge(DistinctSketch.empty())).toBe(false);
    });

    it('promotes an EXPLICIT union of more than 1,280 keys, keeps one of exactly 1,280', () => {
      const atCutoff = DistinctSketch.fromKeys(keys('cut', 1_000));
      atCutoff.merge(DistinctSketch.fromKeys(keys('cut', 560, 720)));
      expect(atCutoff.representation).toBe('explicit');
      expect(atCutoff.exactCount()).toBe(1_280);
      atCutoff.merge(DistinctSketch.fromKeys(keys('cut', 1, 1_280)));
      expect(atCutoff.representation).toBe('sparse');
    });

    it('copies what it takes from the other sketch', () => {
      const other = DistinctSketch.fromKeys(keys('copy', 3_000));
      const union = DistinctSketch.empty();
      union.merge(other);
      const before = hex(union);
      other.merge(DistinctSketch.fromKeys(keys('copy-more', 3_000)));
      expect(hex(union)).toBe(before);
    });

    it.each(names)('mergeEncoded of %s gives what merge gives, into every representation', (name) => {
      const stored = DistinctSketch.fromKeys(inputs[name]).encode();
      for (const target of names) {
        const viaBytes = DistinctSketch.fromKeys(inputs[target]);
        const viaSketch = DistinctSketch.fromKeys(inputs[target]);
        expect(viaBytes.mergeEncoded(stored)).toBe(viaSketch.merge(DistinctSketch.decode(stored)));
        expect(hex(viaBytes)).toBe(hex(viaSketch));
      }
    });

    it('mergeEncoded refuses bytes that are not a sketch, even into registers', () => {
      const sketch = DistinctSketch.fromKeys(inputs['full']);
      expect(() => sketch.mergeEncoded(Uint8Array.of(0x14, 0x8e, 0x7f, 0))).toThrow(
        /FULL sketch has 1 data bytes/,
      );
      expect(() => sketch.mergeEncoded(Uint8Array.of(0x14, 0x8b, 0x7f))).toThrow(SketchFormatError);
    });

    it('of many sketches, as hll_union_agg; of none, EMPTY', () => {
      const parts = [0, 1, 2, 3].map((part) => keys('agg', 2_000, part * 1_500));
      const union = DistinctSketch.union(parts.map((part) => DistinctSketch.fromKeys(part)));
      expect(hex(union)).toBe(hex(DistinctSketch.fromKeys(parts.flat())));
      const stored = parts.map((part) => DistinctSketch.fromKeys(part).encode());
      expect(hex(DistinctSketch.unionOfEncoded(stored))).toBe(hex(union));
      expect(DistinctSketch.union([]).representation).toBe('empty');
      expect(DistinctSketch.unionOfEncoded([]).representation).toBe('empty');
    });
  });

  describe('describing a sketch', () => {
    it('EMPTY and EXPLICIT are exact, SPARSE and FULL estimates', () => {
      const cases = [
        { sketch: DistinctSketch.empty(), representation: 'empty', exactCount: 0, isEmpty: true },
        {
          sketch: DistinctSketch.decode(Uint8Array.of(0x12, 0x8e, 0x7f)),
          representation: 'explicit',
          exactCount: 0,
          isEmpty: true,
        },
        {
          sketch: DistinctSketch.fromKeys(keys('d', 3)),
          representation: 'explicit',
          exactCount: 3,
          isEmpty: false,
        },
        {
          sketch: DistinctSketch.fromKeys(keys('d', 2_000)),
          representation: 'sparse',
          exactCount: undefined,
          isEmpty: false,
        },
        {
          sketch: DistinctSketch.fromKeys(keys('d', 9_000)),
          representation: 'full',
          exactCount: undefined,
          isEmpty: false,
        },
      ];
      for (const { sketch, representation, exactCount, isEmpty } of cases) {
        expect(sketch.representation).toBe(representation);
        expect(sketch.exactCount()).toBe(exactCount);
        expect(sketch.isExact()).toBe(exactCount !== undefined);
        expect(sketch.isEmpty()).toBe(isEmpty);
      }
    });

    it('clones independently', () => {
      const sketch = DistinctSketch.fromKeys(keys('clone', 100));
      const clone = sketch.clone();
      clone.add(-7n);
      expect(clone.exactCount()).toBe(101);
      expect(sketch.exactCount()).toBe(100);
    });

    it('decode refuses what is not a sketch of these parameters', () => {
      expect(() => DistinctSketch.decode(Uint8Array.of(0x11, 0x8b, 0x7f))).toThrow(SketchFormatError);
    });
  });
});
