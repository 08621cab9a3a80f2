import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../infra/local-paths';
import { writeStdout } from './stdout.writer';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number>;
  stop(): Promise<number>;
}

/**
 * Runs an app's main.ts (or `main`, a path) with tsx, its log lines prefixed with its name. The app gets an
 * IPC channel, which closes when this process ends however it ends (SIGKILL included): the app's
 * onShutdownSignals then stops it, so that no app outlives `npm start`.
 */
export function startApp(
  name: string,
  env: NodeJS.ProcessEnv,
  main = join(REPO_ROOT, 'apps', name, 'src', 'main.ts'),
): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group: a terminal's Ctrl-C reaches only `npm start`, which then stops each app once
    // with SIGTERM (a second signal would make an app skip its graceful stop).
    detached: true,
  });
  // The channel is only the app's way to notice this process is gone: it must not keep this one alive.
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => writeStdout(`[${name}] ${line}\n`));
  }
  // 'close', not 'exit': it comes after the app's last log lines have been read from its pipes.
  const exited = new Promise<number>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 0))),
  );
  return {
    name,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 15_000).unref());
      const code = await Promise.race([exited, timeout]);
      if (code === -1) child.kill('SIGKILL');
      return code;
    },
  };
}
