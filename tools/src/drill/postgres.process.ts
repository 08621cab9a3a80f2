import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../infra/local-paths';
import { killPostgresServer } from './postgres-server.killer';

export interface PostgresProcess {
  url: string;
  /** A fast shutdown: PostgreSQL ends every session at once, mid-transaction. */
  stop(): Promise<void>;
  /**
   * A crash: SIGKILL to the postmaster and all its backends, then to the process that started them;
   * resolves once they are all gone. Returns the PostgreSQL pids killed.
   */
  kill(): Promise<number[]>;
}

const MAIN = join(REPO_ROOT, 'tools', 'src', 'drill', 'drill-postgres.main.ts');

/** Starts drill-postgres.main.ts and waits for its `ready <url>` line. */
export function startPostgresProcess(
  dataDir: string,
  port: number,
  database: string,
): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, dataDir, String(port), database], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.channel?.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timeout);
  };
  const kill = async () => {
    const victims = await killPostgresServer(dataDir);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    return victims;
  };
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    // stdout is a pipe (stdio above), so it is there.
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('ready ')) resolve({ url: line.slice('ready '.length), stop, kill });
      });
    void exited.then(() =>
      reject(new Error(`The drill's PostgreSQL exited during start-up: ${errors.trim().slice(0, 500)}`)),
    );
  });
}
