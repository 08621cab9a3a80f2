import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../infra/free-port';

export interface ApiChild {
  url: string;
  /** The ops port's base URL: /metrics is served there only. */
  opsUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** The API as its own process (as deployed: one Node process), from its main.ts through tsx. */
export async function startApiChild(
  repoRoot: string,
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<ApiChild> {
  const opsPort = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'apps', 'metrics-api', 'src', 'main.ts')],
    {
      cwd: repoRoot,
      env: { ...env, PORT: String(port), API_OPS_PORT: String(opsPort) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  // A benchmark that dies of an uncaught error must not leave the API running behind it.
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`metrics-api exited with code ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 300) throw new Error('metrics-api did not become ready within 30 s');
    await sleep(100);
  }
  return {
    url,
    opsUrl: `http://127.0.0.1:${opsPort}`,
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
