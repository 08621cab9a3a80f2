/**
 * The fixture of outputs of the real `postgresql-hll` extension (hll-vectors.json), written by
 * `npx nx run tools:hll-vectors`. Hex strings are the bytes without PostgreSQL's `\x` prefix.
 */

/** A set of keys: `extraKeys` (decimal int64 strings), then keys `start` .. `start + count - 1` of `seed`. */
export interface VectorSet {
  name: string;
  seed: string;
  start: number;
  count: number;
  extraKeys?: string[];
}

/** A cardinality as PostgreSQL's float8 gives it; 'NaN' where `hll_cardinality` answers NaN. */
export type VectorCardinality = number | 'NaN';

export interface SetVector extends VectorSet {
  /** `hll_add_agg(key::hll_hashval, 14, 5, -1, 1)`; null for no keys, as the aggregate of no rows is NULL. */
  hex: string | null;
  cardinality: VectorCardinality | null;
}

/** `hll_union(a, b)` or `hll_union_agg` of the named sets; a set of no keys stands for `hll_empty(14, 5, -1, 1)`. */
export interface UnionVector {
  name: string;
  of: string[];
  hex: string;
  cardinality: VectorCardinality;
}

/** Registers `from` .. `to` (inclusive) hold `value`; the others are zero. */
export interface RegisterRun {
  from: number;
  to: number;
  value: number;
}

/** FULL bytes made from register runs, read by the extension. */
export interface RegisterPatternVector {
  name: string;
  runs: RegisterRun[];
  /** `hll_union(bytes::hll, hll_empty(14, 5, -1, 1))`: the representation the extension writes back. */
  rewrittenHex: string;
  /** `hll_cardinality(bytes::hll)`. */
  cardinality: VectorCardinality;
}

export interface HllVectors {
  generatedBy: string;
  server: { postgres: string; hll: string };
  keyDerivation: string;
  /** `hll_empty(14, 5, -1, 1)`. */
  empty: string;
  sets: SetVector[];
  unions: UnionVector[];
  unionAggregates: UnionVector[];
  registerPatterns: RegisterPatternVector[];
}
