/**
 * `npx nx run metrics-db:rebuild-sketches [--project <id>]`: rebuilds the sketches of distinct_sketches from
 * the per-day keys of daily_distinct. It marks every day with keys and every stored sketch (so that the
 * sketches of removed keys go too), then runs merge rounds until those marks, and the week and month marks
 * their days make, are merged. The merger's lock and mark versions make it safe beside running consumers,
 * whose mergers may take some of the work; running it twice gives the same bytes.
 * Exit codes: 0 done, 1 the database failed or is not migrated, 2 a usage error.
 */
import type { MetricsStore } from '../metrics-store.types';
import { createMetricsStore } from '../metrics-store';
import { cliDatabaseUrl } from './cli-database-url';
import { parseRebuildSketchesArgs } from './rebuild-sketches.args';

const MARKS_PER_ROUND = 2_000;
const BUSY_PAUSE_MS = 200;

const say = (line: string) => process.stdout.write(`rebuild-sketches: ${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Merges until no mark of the scope with a version up to `upToVersion` is left; returns the marks done. */
async function mergeUpTo(
  store: MetricsStore,
  projectId: string | undefined,
  upToVersion: string,
  started: number,
  doneBefore: number,
): Promise<number> {
  let done = doneBefore;
  for (;;) {
    const { pending } = await store.sketchMarkStats({ projectId, upToVersion });
    say(`${done} marks done, ${pending} left, ${seconds(started)}`);
    if (pending === 0) return done;
    const round = await store.mergeSketches({ projectId, maxMarks: MARKS_PER_ROUND });
    if (round.status === 'busy') await new Promise((resolve) => setTimeout(resolve, BUSY_PAUSE_MS));
    else done += round.dayMarks + round.periodMarks;
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseRebuildSketchesArgs(argv);
  let databaseUrl: string;
  try {
    if (!parsed.ok) throw new Error(parsed.error);
    databaseUrl = cliDatabaseUrl();
  } catch (error) {
    process.stderr.write(`metrics-db: ${(error as Error).message}\n`);
    return 2;
  }
  const { projectId } = parsed.args;
  const store = await createMetricsStore({ databaseUrl, poolSize: 2, applicationName: 'rebuild-sketches' });
  try {
    const started = Date.now();
    const marks = await store.markSketchesForRebuild(projectId);
    say(`marked ${marks.marked} sketches of ${projectId ? `project ${projectId}` : 'every project'}`);
    // The marks made above, then the week and month marks that merging their days made.
    let done = await mergeUpTo(store, projectId, marks.upToVersion, started, 0);
    done = await mergeUpTo(store, projectId, await store.currentSketchMarkVersion(), started, done);
    say(`done: ${done} marks merged in ${seconds(started)}`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `metrics-db: rebuild-sketches failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
