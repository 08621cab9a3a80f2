import { createMetricsStore } from '../metrics-store';

/**
 * Test and benchmark data: the day, ISO week and month sketches of every project (or one), made as the
 * rebuild command makes them from the per-day keys in daily_distinct, then the keys still waiting as deltas
 * merged. Returns the sketches written.
 */
export async function buildSketchesWithMerger(databaseUrl: string, projectId?: string): Promise<number> {
  const store = await createMetricsStore({ databaseUrl, poolSize: 2, applicationName: 'sketches-by-merger' });
  try {
    let written = (await store.rebuildSketches({ projectId })).sketchesWritten;
    for (;;) {
      const round = await store.mergeSketches();
      if (round.status === 'busy') {
        // Another merger (a consumer on the same database) holds the lock: it merges these deltas too.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      written += round.sketchesWritten;
      if (!round.more && (await store.sketchBacklog()).deltas === 0) return written;
    }
  } finally {
    await store.close();
  }
}
