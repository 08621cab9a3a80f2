import { createMetricsStore } from '../metrics-store';

/**
 * Test and benchmark data: the day, ISO week and month sketches of every project (or one), made by the
 * consumer's own merger from the per-day keys in daily_distinct, as the rebuild command makes them: every
 * day is marked for a rebuild, then merge rounds run until no mark is left. Returns the sketches written.
 */
export async function buildSketchesWithMerger(databaseUrl: string, projectId?: string): Promise<number> {
  const store = await createMetricsStore({ databaseUrl, poolSize: 1, applicationName: 'sketches-by-merger' });
  try {
    await store.markSketchesForRebuild(projectId);
    let written = 0;
    for (;;) {
      const round = await store.mergeSketches({ projectId });
      if (round.status === 'busy') {
        // Another merger (a consumer on the same database) holds the lock: its rounds merge these marks too.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      written += round.sketchesWritten;
      if (!round.more && (await store.sketchMarkStats({ projectId })).pending === 0) return written;
    }
  } finally {
    await store.close();
  }
}
