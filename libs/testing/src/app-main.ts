import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../../..');

export interface AppMainRun {
  /** Exit code, or null when it was ended by a signal (e.g. the timeout). */
  status: number | null;
  stdout: string;
  /** The non-empty lines of stderr. */
  stderrLines: string[];
}

/**
 * Runs an app's main.ts (a path from the repository root) from its sources, as the tests run the apps, until
 * it ends by itself: for start-up behaviour such as a refused configuration. `env` goes over the test's own.
 */
export function runAppMain(main: string, env: Record<string, string>, timeoutMs = 30_000): AppMainRun {
  const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'), ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: run.status, stdout: run.stdout, stderrLines: run.stderr.split('\n').filter(Boolean) };
}
