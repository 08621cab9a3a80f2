import {
  keysOfVectorSet,
  registerPatternBytes,
  sameCardinality,
  type HllVectors,
  type VectorCardinality,
} from '../testing';
import vectorsJson from '../testing/hll-vectors.json';
import { DistinctSketch } from './distinct-sketch';

const vectors = vectorsJson as HllVectors;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));

/**
 * Within a relative 1e-12 rather than equal: where linear counting takes a logarithm, glibc (in PostgreSQL)
 * and V8 round it apart in the last bit for about one estimate in ten (see sameCardinality). The bytes
 * are compared exactly. On a failure Jest prints both numbers.
 */
function expectSameCardinality(actual: number, expected: VectorCardinality): void {
  expect({ actual, expected, same: sameCardinality(actual, expected) }).toMatchObject({ same: true });
}

const setByName = new Map(vectors.sets.map((set) => [set.name, set]));
const sketchOfSet = (name: string) => {
  const set = setByName.get(name);
  if (!set) throw new Error(`no set ${name} in the fixture`);
  return DistinctSketch.fromKeys(keysOfVectorSet(set));
};

describe('agreement with the postgresql-hll extension (hll-vectors.json)', () => {
  it('writes the bytes of hll_empty(14, 5, -1, 1) for no keys', () => {
    expect(hex(DistinctSketch.empty().encode())).toBe(vectors.empty);
    expect(hex(DistinctSketch.fromKeys([]).encode())).toBe(vectors.empty);
  });

  it('gives EMPTY for the set of no keys, where hll_add_agg over no rows is NULL', () => {
    const noKeys = vectors.sets.filter((set) => set.hex === null);
    expect(noKeys.map((set) => set.count + (set.extraKeys?.length ?? 0))).toEqual([0]);
    expect(DistinctSketch.fromKeys(keysOfVectorSet(noKeys[0])).isEmpty()).toBe(true);
  });

  const setsWithBytes = vectors.sets.flatMap((set) =>
    set.hex === null
      ? []
      : [[set.name, { ...set, hex: set.hex, cardinality: set.cardinality ?? 0 }] as const],
  );

  describe.each(setsWithBytes)('set %s', (_name, set) => {
    const sketch = DistinctSketch.fromKeys(keysOfVectorSet(set));

    it('has the bytes and cardinality of hll_add_agg', () => {
      expect(hex(sketch.encode())).toBe(set.hex);
      expectSameCardinality(sketch.cardinality(), set.cardinality);
    });

    it('decodes the extension bytes to the same sketch and the same cardinality', () => {
      const decoded = DistinctSketch.decode(fromHex(set.hex));
      expect(hex(decoded.encode())).toBe(set.hex);
      expectSameCardinality(decoded.cardinality(), set.cardinality);
    });
  });

  it.each(vectors.unions.map((union) => [union.name, union] as const))(
    'hll_union %s: same bytes and cardinality',
    (_name, union) => {
      const [a, b] = union.of.map(sketchOfSet);
      a.merge(b);
      expect(hex(a.encode())).toBe(union.hex);
      expectSameCardinality(a.cardinality(), union.cardinality);
    },
  );

  it.each(vectors.unions.map((union) => [union.name, union] as const))(
    'hll_union %s from the decoded operand bytes',
    (_name, union) => {
      const operands = union.of.map((name) => DistinctSketch.decode(sketchOfSet(name).encode()));
      const result = DistinctSketch.union(operands);
      expect(hex(result.encode())).toBe(union.hex);
    },
  );

  it.each(vectors.unionAggregates.map((union) => [union.name, union] as const))(
    'hll_union_agg %s: same bytes and cardinality',
    (_name, union) => {
      const result = DistinctSketch.union(union.of.map(sketchOfSet));
      expect(hex(result.encode())).toBe(union.hex);
      expectSameCardinality(result.cardinality(), union.cardinality);
    },
  );

  it.each(vectors.registerPatterns.map((pattern) => [pattern.name, pattern] as const))(
    'register pattern %s: written back and estimated as the extension does',
    (_name, pattern) => {
      const sketch = DistinctSketch.decode(registerPatternBytes(pattern.runs));
      expect(hex(sketch.encode())).toBe(pattern.rewrittenHex);
      expectSameCardinality(sketch.cardinality(), pattern.cardinality);
    },
  );
});
