/**
 * `npx nx run metrics-db:rebuild-sketches [--project <id>]`: rebuilds the sketches of distinct_sketches from
 * the per-day keys of daily_distinct: every day's sketch from its keys (a big day read in pages), then every
 * week and month of those days from its day sketches. Safe beside running consumers (one writer of sketches
 * at a time, held a batch at a time so that their mergers go on); running it twice writes nothing the second
 * time. Dates whose keys are past DISTINCT_KEY_RETENTION_DAYS keep their sketches as they are.
 * Exit codes: 0 done, 1 the database failed or is not migrated, 2 a usage error.
 */
import { firstKeptDate, fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { runCli, UsageError } from '@metrics-store/runtime';
import { createMetricsStore } from '../metrics-store';
import { cliDatabaseUrl } from './cli-database-url';
import { cliKeyRetentionDays } from './cli-key-retention';
import { parseRebuildSketchesArgs } from './rebuild-sketches.args';

const say = (line: string) => process.stdout.write(`rebuild-sketches: ${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
// The consumers' retention may be removing the keys of the first kept date's eve as this runs past midnight.
const RETENTION_MARGIN_DAYS = 1;

async function main(argv: string[]): Promise<number> {
  const parsed = parseRebuildSketchesArgs(argv);
  if (!parsed.ok) throw new UsageError(parsed.error);
  const databaseUrl = cliDatabaseUrl();
  const retentionDays = cliKeyRetentionDays();
  const { projectId } = parsed.args;
  const today = new Date().toISOString().slice(0, 10);
  const keysKeptFrom = fromDayNumber(
    toDayNumber(firstKeptDate(today, retentionDays)) + RETENTION_MARGIN_DAYS,
  );
  const store = await createMetricsStore({ databaseUrl, poolSize: 2, applicationName: 'rebuild-sketches' });
  try {
    const started = Date.now();
    say(`${projectId ? `project ${projectId}` : 'every project'}, dates from ${keysKeptFrom} on`);
    let reported = 0;
    const result = await store.rebuildSketches({
      projectId,
      keysKeptFrom,
      onProgress: (progress) => {
        if (Date.now() - reported < 1_000) return;
        reported = Date.now();
        say(
          `${progress.days} days and ${progress.periods} weeks and months done, ` +
            `${progress.sketchesWritten} sketches written, ${seconds(started)}`,
        );
      },
    });
    say(
      `done: ${result.days} days and ${result.periods} weeks and months, ${result.sketchesWritten} sketches ` +
        `written in ${seconds(started)}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

runCli(() => main(process.argv.slice(2)), { name: 'metrics-db', failure: 'rebuild-sketches' });
