/**
 * A merge or a rebuild of every sketch as its own process, for tests that run it under the consumer's heap
 * cap (`NODE_OPTIONS=--max-old-space-size=...`): `merge` runs rounds until no delta waits, `rebuild` rebuilds
 * every project. Prints one JSON line: the keys merged or days rebuilt, and the peak heap used in MB.
 *
 *   node --import tsx libs/metrics-db/src/testing/sketch-work.child.ts <merge|rebuild> <database url>
 */
import { createMetricsStore } from '../metrics-store';

async function main(work: string, databaseUrl: string): Promise<void> {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const timer = setInterval(sample, 10);
  const store = await createMetricsStore({ databaseUrl, poolSize: 2, applicationName: 'sketch-work' });
  try {
    let done = 0;
    if (work === 'rebuild') {
      done = (await store.rebuildSketches()).days;
    } else if (work === 'merge') {
      for (;;) {
        const round = await store.mergeSketches();
        if (round.status !== 'merged') throw new Error('another process writes sketches');
        done += round.keys;
        if (!round.more && (await store.sketchBacklog()).deltas === 0) break;
      }
    } else {
      throw new Error(`unknown work ${work}: merge or rebuild`);
    }
    sample();
    process.stdout.write(`${JSON.stringify({ done, peakHeapMb: Math.round(peak / 2 ** 20) })}\n`);
  } finally {
    clearInterval(timer);
    await store.close();
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
