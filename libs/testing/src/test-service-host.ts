import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');
/** A process of its own that owns the server; started by path, so that no test imports the tools. */
const HOST_MAIN = join(REPO_ROOT, 'tools', 'src', 'infra', 'test-service.main.ts');

export interface TestServiceHost<Ready> {
  ready: Ready;
  /** The server's own folder under .local/test-services, removed by stop(). */
  dir: string;
  /** Runs one of the host's commands on the server (e.g. removeScramCredential). */
  command(name: string, ...args: unknown[]): Promise<void>;
  /** Stops the server and its host, then removes their files; idempotent. */
  stop(): Promise<void>;
}

type HostMessage =
  | { type: 'ready'; ready: { pids: number[] } }
  | { type: 'done'; id: number }
  | { type: 'failed'; id?: number; error: string };

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts a server of the test's own (tools/src/infra/test-service.main.ts) and waits until it answers. The
 * host stops the server when this process goes away, so a crashed test run leaves nothing behind either.
 */
export async function startTestServiceHost<Ready>(
  service: string,
  options: object,
  timeoutMs = 150_000,
): Promise<TestServiceHost<Ready>> {
  const dir = join(
    REPO_ROOT,
    '.local',
    'test-services',
    `${service}-${process.pid}-${randomBytes(3).toString('hex')}`,
  );
  const host = spawn(
    process.execPath,
    ['--import', 'tsx', HOST_MAIN, JSON.stringify({ service, dir, ...options })],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const exit = new Promise<void>((resolve) => host.once('exit', () => resolve()));
  let pids: number[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      host.kill('SIGTERM');
      // The host may exit before its server has (an exit hook of a library it loads): wait for both.
      const gone = async () => {
        await exit;
        while (pids.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 100));
      };
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), 30_000).unref(),
      );
      if ((await Promise.race([gone(), timeout])) === 'timeout') {
        host.kill('SIGKILL');
        for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
        await exit;
      }
      rmSync(dir, { recursive: true, force: true });
    })());

  let ready: Ready & { pids: number[] };
  try {
    ready = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${service} did not start within ${timeoutMs} ms (files: ${dir})`)),
        timeoutMs,
      );
      const settle = () => clearTimeout(timer);
      host.on('message', (message: HostMessage) => {
        if (message.type === 'ready') resolve(message.ready as Ready & { pids: number[] });
        else if (message.type === 'failed' && message.id === undefined)
          reject(new Error(`${service}: ${message.error}`));
        else return;
        settle();
      });
      host.once('exit', (code) => {
        settle();
        reject(new Error(`the ${service} host exited (${code}) before the server answered (files: ${dir})`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  pids = ready.pids;

  let lastId = 0;
  const command = (name: string, ...args: unknown[]) =>
    new Promise<void>((resolve, reject) => {
      const id = (lastId += 1);
      const onMessage = (message: HostMessage) => {
        if (!('id' in message) || message.id !== id) return;
        host.off('message', onMessage);
        if (message.type === 'done') resolve();
        else
          reject(
            new Error(
              `${service} ${name}: ${message.type === 'failed' ? message.error : 'unexpected answer'}`,
            ),
          );
      };
      host.on('message', onMessage);
      host.send({ type: 'command', id, command: name, args });
    });

  return { ready, dir, command, stop };
}
