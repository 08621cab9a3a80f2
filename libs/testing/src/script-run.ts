import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../../..');

export interface ScriptRun {
  /** Exit code, or null when it was ended by a signal. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script of the repository (a path from its root) from its sources with `args`, without blocking the
 * test's event loop (a consumer may run in the same process meanwhile); resolves when it ends. `env` goes
 * over the test's own.
 */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}
