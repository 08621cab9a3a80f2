/**
 * The read path of a 365-day range over sketches, in this process, without a database: 365 stored FULL
 * day sketches (bytes as they sit in `distinct_sketches`; 8,000 visitors a day from a pool of 400,000),
 * decoded, united and estimated. Prints the time of that step and of its parts (decode, union, estimate),
 * then of `unionOfEncoded` + estimate, which reads each stored sketch straight into the union's registers.
 * Median and p99 over the iterations, all measured in the same run.
 *
 *   npx nx run tools:bench-sketch-union [--args="--iterations 50 --warmup 10"]
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { summarize } from './bench-stats';

const DAYS = 365;
const VISITORS_PER_DAY = 8_000;
const POOL = 400_000;
const say = (line: string) => process.stdout.write(`${line}\n`);

function daySketches(): Uint8Array[] {
  const pool = Array.from({ length: POOL }, () => randomBytes(8).readBigInt64BE(0));
  return Array.from({ length: DAYS }, () => {
    const sketch = DistinctSketch.empty();
    for (let i = 0; i < VISITORS_PER_DAY; i++) sketch.add(pool[Math.floor(Math.random() * POOL)]);
    return sketch.encode();
  });
}

interface Timing {
  decode: number;
  union: number;
  estimate: number;
  readOnce: number;
  value: number;
}

function measure(days: readonly Uint8Array[]): Timing {
  const started = performance.now();
  const sketches = days.map((bytes) => DistinctSketch.decode(bytes));
  const decoded = performance.now();
  const union = DistinctSketch.union(sketches);
  const merged = performance.now();
  const value = union.cardinality();
  const estimated = performance.now();
  if (DistinctSketch.unionOfEncoded(days).cardinality() !== value) throw new Error('the two unions differ');
  const readOnce = performance.now() - estimated;
  return {
    decode: decoded - started,
    union: merged - decoded,
    estimate: estimated - merged,
    readOnce,
    value,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: { iterations: { type: 'string', default: '50' }, warmup: { type: 'string', default: '10' } },
  });
  const iterations = Number(values.iterations);
  const warmup = Number(values.warmup);
  const load = loadavg().map((average) => average.toFixed(2));
  say(`machine: ${cpus().length} cores, load average ${load.join(' ')}`);
  const days = daySketches();
  const representations = new Set(days.map((bytes) => DistinctSketch.decode(bytes).representation));
  say(`${days.length} day sketches of ${days[0].length} bytes (${[...representations].join(', ')})`);

  for (let i = 0; i < warmup; i++) measure(days);
  const runs = Array.from({ length: iterations }, () => measure(days));
  const line = (label: string, pick: (run: Timing) => number) => {
    const summary = summarize(runs.map(pick));
    say(`${label.padEnd(36)} median ${summary.medianMs.toFixed(2)} ms, p99 ${summary.p99Ms.toFixed(2)} ms`);
  };
  line(`decode, union, estimate (${DAYS} days)`, (run) => run.decode + run.union + run.estimate);
  line('  decode', (run) => run.decode);
  line('  union', (run) => run.union);
  line('  estimate', (run) => run.estimate);
  line('unionOfEncoded + estimate', (run) => run.readOnce);
  say(`estimate ${Math.round(runs[0].value)} distinct visitors (pool of ${POOL}), ${iterations} iterations`);
}

main();
