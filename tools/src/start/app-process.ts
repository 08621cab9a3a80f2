import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../infra/local-paths';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number>;
  stop(): Promise<number>;
}

/** Runs an app's main.ts with tsx, its log lines prefixed with its name. */
export function startApp(name: string, env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'apps', name, 'src', 'main.ts')],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches only `npm start`, which then stops each app once
      // with SIGTERM (a second signal would make an app skip its graceful stop).
      detached: true,
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
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
