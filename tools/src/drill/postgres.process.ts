import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../infra/local-paths';

export interface PostgresProcess {
  url: string;
  /** A fast shutdown: PostgreSQL ends every session at once, mid-transaction. */
  stop(): Promise<void>;
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
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    // stdout is a pipe (stdio above), so it is there.
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('ready ')) resolve({ url: line.slice('ready '.length), stop });
      });
    void exited.then(() =>
      reject(new Error(`The drill's PostgreSQL exited during start-up: ${errors.trim().slice(0, 500)}`)),
    );
  });
}
