/**
 * `npm run drill [-- --events N --seed S --short --rate R]`: the fault drill (see drill.runner.ts). Prints a
 * summary and exits non-zero on any mismatch with the ground truth.
 */
import { parseArgs } from 'node:util';
import { ignoreKafkajsNegativeTimeouts } from '@metrics-store/runtime';
import { FaultDrill } from './drill.runner';
import { formatDrillSummary } from './drill.summary';

const SHORT_EVENTS = 50_000;

async function main(): Promise<number> {
  ignoreKafkajsNegativeTimeouts();
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      seed: { type: 'string' },
      short: { type: 'boolean', default: false },
      rate: { type: 'string' },
      'app-log-level': { type: 'string' },
    },
  });
  const short = values.short ?? false;
  const events = Number(values.events ?? (short ? SHORT_EVENTS : 500_000));
  const seed = Number(values.seed ?? Math.floor(Math.random() * 1_000_000));
  if (!Number.isSafeInteger(events) || events < 1_000)
    throw new Error(`--events must be an integer of at least 1000, got ${values.events}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const drill = new FaultDrill({
    events,
    seed,
    short,
    rate: values.rate ? Number(values.rate) : undefined,
    appLogLevel: values['app-log-level'],
  });
  const interrupt = () => void drill.cleanup().then(() => process.exit(130));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const result = await drill.run();
  process.stdout.write(`${formatDrillSummary(result)}\n`);
  return result.mismatches === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `drill failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
