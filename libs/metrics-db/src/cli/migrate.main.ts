/**
 * `npx nx run metrics-db:migrate` (`up`) and `metrics-db:migrate-revert` (`down`): the runner the apps'
 * start (`npm start`) uses, so both migrate alike: each migration in its own transaction, under the one
 * advisory lock that keeps two migrating processes apart. `migration-generate` stays TypeORM's own CLI.
 * Exit codes: 0 done, 1 the migration failed, 2 a usage error (no DATABASE_URL, an unknown direction).
 */
import { runCli, UsageError } from '@metrics-store/runtime';
import { revertLastMigration, runMigrations } from '../migration.runner';
import { cliDatabaseUrl } from './cli-database-url';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(direction: string | undefined): Promise<number> {
  if (direction !== 'up' && direction !== 'down')
    throw new UsageError(`expected "up" or "down", got ${JSON.stringify(direction)}`);
  const databaseUrl = cliDatabaseUrl();
  if (direction === 'up') {
    const applied = await runMigrations(databaseUrl);
    say(applied.length === 0 ? 'Migrations: up to date' : `Migrations: applied ${applied.join(', ')}`);
  } else {
    const reverted = await revertLastMigration(databaseUrl);
    say(reverted ? `Migrations: reverted ${reverted}` : 'Migrations: none applied, nothing to revert');
  }
  return 0;
}

runCli(() => main(process.argv[2]), { name: 'metrics-db', failure: 'migration' });
