/**
 * The error of both estimators at log2m 14, by simulation: for each number of distinct random keys, the mean
 * and standard deviation of the relative error and the largest one over the trials, for hll_cardinality's
 * (`cardinality()`) and for Ertl's improved one (`estimate()`, what the API reports). Shows the extension's
 * known bias where it switches from linear counting to the raw estimate (5m/2 = 40,960).
 *
 *   npx tsx tools/src/bench/sketch-accuracy.bench.ts [--trials 300]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DistinctSketch } from '@metrics-store/distinct-sketch';

const SIZES = [
  1_281, 5_000, 20_000, 30_000, 36_000, 38_000, 40_000, 42_000, 44_000, 46_000, 48_000, 52_000, 56_000,
  64_000, 100_000, 200_000,
];
const say = (line: string) => process.stdout.write(`${line}\n`);
const percent = (value: number) => `${(value * 100).toFixed(2)}%`.padStart(7);

function main(): void {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '300' } } });
  const trials = Number(values.trials);
  const largest = SIZES[SIZES.length - 1];
  const errors = SIZES.map(() => [] as number[]);
  const improvedErrors = SIZES.map(() => [] as number[]);
  for (let trial = 0; trial < trials; trial++) {
    const keys = randomBytes(8 * largest);
    const sketch = DistinctSketch.empty();
    let next = 0;
    for (let count = 1; count <= largest; count++) {
      sketch.add(keys.readBigInt64BE((count - 1) * 8));
      if (count === SIZES[next]) {
        improvedErrors[next].push(sketch.estimate() / count - 1);
        errors[next++].push(sketch.cardinality() / count - 1);
      }
    }
  }
  say(`${trials} trials per size; standard error 1.04/sqrt(16384) = ${percent(1.04 / 128)}`);
  say('          hll_cardinality (extension)   improved (Ertl, the API)');
  say('distinct     mean      sd largest      mean      sd largest');
  SIZES.forEach((size, i) => {
    say(`${String(size).padStart(8)} ${statsOf(errors[i])}   ${statsOf(improvedErrors[i])}`);
  });
}

/** Mean, sample standard deviation and largest absolute value of relative errors. */
function statsOf(errors: number[]): string {
  const mean = errors.reduce((sum, error) => sum + error, 0) / errors.length;
  const variance = errors.reduce((sum, error) => sum + (error - mean) ** 2, 0) / (errors.length - 1);
  const largest = Math.max(...errors.map(Math.abs));
  return `${percent(mean)} ${percent(Math.sqrt(variance))} ${percent(largest)}`;
}

main();
