import { Client } from 'pg';
import type { VectorCardinality } from '@metrics-store/distinct-sketch/testing';

/** The PostgreSQL 15 with `postgresql-hll`: not the store's database, only the reference for the format. */
export const DEFAULT_HLL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** What the extension answers: the bytes as hex (no `\x`) and `hll_cardinality` of them. */
export interface HllAnswer {
  hex: string;
  cardinality: VectorCardinality;
}

/** This store's parameters, spelled as the extension's aggregate takes them. */
const ADD_AGG = 'hll_add_agg(k::hll_hashval, 14, 5, -1, 1)';
const EMPTY = 'hll_empty(14, 5, -1, 1)';

const hexOf = (text: string) => text.replace(/^\\x/, '');
/** float8 read as text keeps NaN and every digit; Number() of it is the same double. */
const cardinalityOf = (text: string): VectorCardinality => (text === 'NaN' ? 'NaN' : Number(text));
const bytesOf = (hex: string) => Buffer.from(hex, 'hex');

export interface HllServer {
  /** `version()` and the extension's version. */
  describe(): Promise<{ postgres: string; hll: string }>;
  empty(): Promise<string>;
  /** `hll_add_agg` of the keys; null for no keys (the aggregate of no rows is NULL). */
  addAggregate(keys: readonly bigint[]): Promise<HllAnswer | null>;
  /** `hll_type` of `hll_add_agg` of the keys (1 EMPTY ... 4 FULL), null for no keys. */
  typeOfAggregate(keys: readonly bigint[]): Promise<number | null>;
  union(a: string, b: string): Promise<HllAnswer>;
  unionAggregate(hexes: readonly string[]): Promise<HllAnswer>;
  /** `hll_union(bytes::hll, hll_empty(...))`: what the extension writes back for these bytes. */
  rewrite(bytes: Uint8Array): Promise<HllAnswer>;
  /** `hll_add(sketch, key::hll_hashval)` for each key in turn. */
  addKeys(hex: string, keys: readonly bigint[]): Promise<HllAnswer>;
  close(): Promise<void>;
}

export async function connectHllServer(url: string): Promise<HllServer> {
  const client = new Client({ connectionString: url, application_name: 'hll-reference' });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS hll');
  } catch (error) {
    await client.end();
    throw new Error(
      `the hll extension is not available on ${url}: ${(error as Error).message}. ` +
        'Install it first (Debian bookworm: apt-get install -y postgresql-15-hll).',
    );
  }
  // The session defaults the store's sketches follow: 'auto' SPARSE cutoff, output format version 1.
  await client.query('SELECT hll_set_max_sparse(-1), hll_set_output_version(1)');
  const one = async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0];
  const answer = (row: { hex: string; cardinality: string }): HllAnswer => ({
    hex: hexOf(row.hex),
    cardinality: cardinalityOf(row.cardinality),
  });
  const keyParam = (keys: readonly bigint[]) => keys.map(String);

  return {
    async describe() {
      const row = await one(
        "SELECT version() AS postgres, extversion AS hll FROM pg_extension WHERE extname = 'hll'",
      );
      return { postgres: row.postgres, hll: row.hll };
    },
    async empty() {
      return hexOf((await one(`SELECT ${EMPTY}::text AS hex`)).hex);
    },
    async addAggregate(keys) {
      const row = await one(
        `SELECT h::text AS hex, hll_cardinality(h)::text AS cardinality
           FROM (SELECT ${ADD_AGG} AS h FROM unnest($1::bigint[]) AS k) AS s`,
        [keyParam(keys)],
      );
      return row.hex === null ? null : answer(row);
    },
    async typeOfAggregate(keys) {
      return (
        await one(`SELECT hll_type(${ADD_AGG}) AS type FROM unnest($1::bigint[]) AS k`, [keyParam(keys)])
      ).type;
    },
    async union(a, b) {
      return answer(
        await one(
          `SELECT h::text AS hex, hll_cardinality(h)::text AS cardinality
             FROM (SELECT hll_union($1::bytea::hll, $2::bytea::hll) AS h) AS s`,
          [bytesOf(a), bytesOf(b)],
        ),
      );
    },
    async unionAggregate(hexes) {
      return answer(
        await one(
          `SELECT h::text AS hex, hll_cardinality(h)::text AS cardinality
             FROM (SELECT hll_union_agg(decode(x, 'hex')::hll) AS h FROM unnest($1::text[]) AS x) AS s`,
          [hexes],
        ),
      );
    },
    async rewrite(bytes) {
      const row = await one(
        `SELECT hll_union($1::bytea::hll, ${EMPTY})::text AS hex, hll_cardinality($1::bytea::hll)::text AS cardinality`,
        [Buffer.from(bytes)],
      );
      return answer(row);
    },
    async addKeys(hex, keys) {
      let current = hex;
      for (const key of keys) {
        const row = await one('SELECT hll_add($1::bytea::hll, $2::bigint::hll_hashval)::text AS hex', [
          bytesOf(current),
          String(key),
        ]);
        current = hexOf(row.hex);
      }
      const row = await one('SELECT hll_cardinality($1::bytea::hll)::text AS cardinality', [
        bytesOf(current),
      ]);
      return { hex: current, cardinality: cardinalityOf(row.cardinality) };
    },
    close: () => client.end(),
  };
}
