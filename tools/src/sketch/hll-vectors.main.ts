/**
 * Writes libs/distinct-sketch/src/testing/hll-vectors.json: what the real `postgresql-hll` extension
 * answers for the key sets, unions and register patterns of hll-vector.plan.ts. The keys are derived from
 * seeds (vectorKey) and sent as bigint arrays; the fixture keeps the set definitions and the answers.
 *
 * First step, once, on the PostgreSQL 15 server (Debian bookworm; the extension is not packaged for 16):
 *
 *   apt-get install -y postgresql-15-hll     # then, on that server: CREATE EXTENSION hll;
 *
 * Then:
 *
 *   npx nx run tools:hll-vectors             # HLL_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import {
  keysOfVectorSet,
  registerPatternBytes,
  vectorKey,
  type HllVectors,
  type SetVector,
  type UnionVector,
  type VectorSet,
} from '@metrics-store/distinct-sketch/testing';
import { connectHllServer, DEFAULT_HLL_DATABASE_URL, type HllServer } from './hll-server.client';
import {
  CUTOFF_SEARCH_LIMIT,
  CUTOFF_SEED,
  FIXED_SETS,
  PAIR_UNIONS,
  REGISTER_PATTERNS,
  UNION_AGGREGATES,
} from './hll-vector.plan';

const FIXTURE = join(__dirname, '../../../libs/distinct-sketch/src/testing/hll-vectors.json');
const FULL_TYPE = 4;
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The smallest prefix of the cutoff seed's keys that the extension writes as FULL (binary search). */
async function firstFullSize(server: HllServer): Promise<number> {
  const keys = Array.from({ length: CUTOFF_SEARCH_LIMIT }, (_, i) => vectorKey(CUTOFF_SEED, i));
  let low = 1;
  let high = CUTOFF_SEARCH_LIMIT;
  if ((await server.typeOfAggregate(keys)) !== FULL_TYPE) {
    throw new Error(`${CUTOFF_SEARCH_LIMIT} keys of '${CUTOFF_SEED}' are not FULL; raise the search limit`);
  }
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((await server.typeOfAggregate(keys.slice(0, middle))) === FULL_TYPE) high = middle;
    else low = middle + 1;
  }
  return low;
}

async function main(): Promise<void> {
  const url = process.env.HLL_DATABASE_URL || DEFAULT_HLL_DATABASE_URL;
  const server = await connectHllServer(url);
  try {
    const firstFull = await firstFullSize(server);
    say(`SPARSE/FULL cutoff for seed '${CUTOFF_SEED}': ${firstFull - 1} keys SPARSE, ${firstFull} keys FULL`);
    const definitions: VectorSet[] = [
      ...FIXED_SETS,
      { name: 'last-sparse', seed: CUTOFF_SEED, start: 0, count: firstFull - 1 },
      { name: 'first-full', seed: CUTOFF_SEED, start: 0, count: firstFull },
    ];

    const empty = await server.empty();
    const sets: SetVector[] = [];
    for (const definition of definitions) {
      const answer = await server.addAggregate(keysOfVectorSet(definition));
      sets.push({ ...definition, hex: answer?.hex ?? null, cardinality: answer?.cardinality ?? null });
      say(
        `set ${definition.name}: ${answer ? `${answer.hex.length / 2} bytes, ${answer.cardinality}` : 'NULL'}`,
      );
    }
    const hexOfSet = new Map(sets.map((vector) => [vector.name, vector.hex ?? empty]));
    const operand = (name: string) => {
      const hex = hexOfSet.get(name);
      if (hex === undefined) throw new Error(`no set named ${name}`);
      return hex;
    };

    const unions: UnionVector[] = [];
    for (const [a, b] of PAIR_UNIONS) {
      unions.push({ name: `${a}+${b}`, of: [a, b], ...(await server.union(operand(a), operand(b))) });
    }
    const unionAggregates: UnionVector[] = [];
    for (const { name, of } of UNION_AGGREGATES) {
      unionAggregates.push({ name, of, ...(await server.unionAggregate(of.map(operand))) });
    }
    const registerPatterns = [];
    for (const { name, runs } of REGISTER_PATTERNS) {
      const { hex, cardinality } = await server.rewrite(registerPatternBytes(runs));
      registerPatterns.push({ name, runs, rewrittenHex: hex, cardinality });
    }

    const vectors: HllVectors = {
      generatedBy: 'npx nx run tools:hll-vectors (tools/src/sketch/hll-vectors.main.ts)',
      server: await server.describe(),
      keyDerivation:
        "key i of a set: the first 8 bytes of SHA-256('hll-vector:<seed>:<i>') as a signed big-endian int64, " +
        'for i from start to start + count - 1, after the extraKeys',
      empty,
      sets,
      unions,
      unionAggregates,
      registerPatterns,
    };
    const json = await format(JSON.stringify(vectors), {
      ...(await resolveConfig(FIXTURE)),
      filepath: FIXTURE,
    });
    await writeFile(FIXTURE, json);
    say(
      `wrote ${FIXTURE}: ${sets.length} sets, ${unions.length} unions, ${unionAggregates.length} union ` +
        `aggregates, ${registerPatterns.length} register patterns (${vectors.server.hll} on ${vectors.server.postgres})`,
    );
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
