/**
 * Checks @metrics-store/distinct-sketch against the real `postgresql-hll` extension on fresh random input:
 * key sets of many sizes (around the EXPLICIT and the SPARSE/FULL cutoffs too), keys with many trailing
 * zeros or none above the register index, unions of every pair, union aggregates, hll_add on sketches at a
 * cutoff, and random FULL registers as the extension reads and writes them back. Prints a summary and
 * exits non-zero on any difference in bytes or cardinality. Not part of `npm test` (CI has no PostgreSQL 15
 * with the extension); the checked-in fixture is.
 *
 * First step, once, on the PostgreSQL 15 server (Debian bookworm; the extension is not packaged for 16):
 *
 *   apt-get install -y postgresql-15-hll     # then, on that server: CREATE EXTENSION hll;
 *
 * Then:
 *
 *   npx nx run tools:hll-check [--args="--rounds 3"]   # HLL_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres
 */
import { randomBytes, randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { registerPatternBytes, type RegisterRun } from '@metrics-store/distinct-sketch/testing';
import { connectHllServer, DEFAULT_HLL_DATABASE_URL, type HllServer } from './hll-server.client';
import { LiveCheckTally } from './live-check.tally';

const SIZES = [1, 2, 3, 10, 100, 700, 1_279, 1_280, 1_281, 1_282, 2_000, 3_000, 4_000, 5_000, 6_000, 10_000];
const LARGE_SIZES = [50_000, 300_000];
const REGISTER_COUNT = 16_384;
const say = (line: string) => process.stdout.write(`${line}\n`);

const randomKey = () => randomBytes(8).readBigInt64BE(0);
/** Keys with 0 to 49 zero bits above the register index, so that registers reach and pass the cap of 31. */
const highValueKey = () =>
  BigInt.asIntN(64, randomKey() << BigInt(14 + randomInt(0, 50))) | BigInt(randomInt(0, REGISTER_COUNT));
/** A key below 2^14: it sets no register. */
const indexOnlyKey = () => BigInt(randomInt(0, REGISTER_COUNT));
const randomKeys = (count: number, make = randomKey) => Array.from({ length: count }, make);

interface Case {
  label: string;
  keys: bigint[];
  sketch: DistinctSketch;
  hex: string;
}

/** The number of keys of `stream` at which this library's sketch turns FULL. */
function firstFullPrefix(stream: readonly bigint[]): number {
  const sketch = DistinctSketch.empty();
  for (let i = 0; i < stream.length; i++) {
    sketch.add(stream[i]);
    if (sketch.representation === 'full') return i + 1;
  }
  throw new Error(`${stream.length} keys never made a FULL sketch`);
}

function keySets(): { label: string; keys: bigint[] }[] {
  const sets = [...SIZES, ...LARGE_SIZES].map((size) => ({
    label: `random-${size}`,
    keys: randomKeys(size),
  }));
  for (let stream = 0; stream < 3; stream++) {
    const keys = randomKeys(9_000);
    const firstFull = firstFullPrefix(keys);
    for (const size of [firstFull - 2, firstFull - 1, firstFull, firstFull + 1]) {
      sets.push({ label: `cutoff-${stream}-${size}`, keys: keys.slice(0, size) });
    }
  }
  sets.push({ label: 'high-values-20000', keys: randomKeys(20_000, highValueKey) });
  sets.push({ label: 'high-values-500', keys: randomKeys(500, highValueKey) });
  sets.push({ label: 'index-only-2000', keys: randomKeys(2_000, indexOnlyKey) });
  sets.push({ label: 'mixed-3000', keys: [...randomKeys(1_000, indexOnlyKey), ...randomKeys(2_000)] });
  return sets;
}

async function checkSets(server: HllServer, tally: LiveCheckTally): Promise<Case[]> {
  const cases: Case[] = [
    { label: 'empty', keys: [], sketch: DistinctSketch.empty(), hex: await server.empty() },
  ];
  for (const { label, keys } of keySets()) {
    const answer = await server.addAggregate(keys);
    if (!answer) throw new Error(`the extension answered NULL for ${label}`);
    const sketch = DistinctSketch.fromKeys(keys);
    tally.compare('hll_add_agg', label, sketch, answer);
    tally.compare('decode', label, DistinctSketch.decode(Buffer.from(answer.hex, 'hex')), answer);
    cases.push({ label, keys, sketch, hex: answer.hex });
  }
  return cases;
}

async function checkUnions(server: HllServer, tally: LiveCheckTally, cases: Case[]): Promise<void> {
  for (let i = 0; i < cases.length; i++) {
    for (let j = i; j < cases.length; j++) {
      const union = DistinctSketch.decode(Buffer.from(cases[i].hex, 'hex'));
      union.merge(cases[j].sketch);
      tally.compare(
        'hll_union',
        `${cases[i].label}+${cases[j].label}`,
        union,
        await server.union(cases[i].hex, cases[j].hex),
      );
    }
  }
  for (let round = 0; round < 10; round++) {
    const chosen = Array.from({ length: randomInt(2, 9) }, () => cases[randomInt(0, cases.length)]);
    const union = DistinctSketch.union(chosen.map((item) => item.sketch));
    const label = chosen.map((item) => item.label).join('+');
    tally.compare('hll_union_agg', label, union, await server.unionAggregate(chosen.map((item) => item.hex)));
  }
}

/** hll_add on stored sketches, those at a cutoff above all: the writes decode, add and encode. */
async function checkAdds(server: HllServer, tally: LiveCheckTally, cases: Case[]): Promise<void> {
  const atCutoff = cases.filter((item) => /^(random-12[78]\d|cutoff-)/.test(item.label));
  for (const item of [...atCutoff, cases[0]]) {
    const keys = [...randomKeys(3), item.keys[0] ?? randomKey(), indexOnlyKey()];
    const sketch = DistinctSketch.decode(Buffer.from(item.hex, 'hex'));
    for (const key of keys) sketch.add(key);
    tally.compare('hll_add', item.label, sketch, await server.addKeys(item.hex, keys));
  }
}

/** Random FULL registers: sparse ones, dense ones, and high values up to the large-range correction. */
async function checkRegisters(server: HllServer, tally: LiveCheckTally): Promise<void> {
  for (let round = 0; round < 30; round++) {
    const filled = [0, 1, 4_311, 4_312, REGISTER_COUNT][round] ?? randomInt(0, REGISTER_COUNT + 1);
    const lowest = round < 20 ? 1 : randomInt(1, 31);
    const highest = randomInt(lowest, 32);
    const runs: RegisterRun[] = [];
    for (let register = 0; register < filled; register++) {
      runs.push({ from: register, to: register, value: randomInt(lowest, highest + 1) });
    }
    const bytes = registerPatternBytes(runs);
    const label = `${filled} set, values ${lowest}..${highest}`;
    tally.compare('registers', label, DistinctSketch.decode(bytes), await server.rewrite(bytes));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
  const server = await connectHllServer(process.env.HLL_DATABASE_URL || DEFAULT_HLL_DATABASE_URL);
  const tally = new LiveCheckTally();
  try {
    const { postgres, hll } = await server.describe();
    say(`hll ${hll} on ${postgres.split(' on ')[0]}`);
    for (let round = 1; round <= rounds; round++) {
      const started = Date.now();
      const cases = await checkSets(server, tally);
      await checkUnions(server, tally, cases);
      await checkAdds(server, tally, cases);
      await checkRegisters(server, tally);
      say(`round ${round}/${rounds}: ${cases.length} key sets, ${Date.now() - started} ms`);
    }
  } finally {
    await server.close();
  }
  for (const line of tally.summary()) say(line);
  if (tally.failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
