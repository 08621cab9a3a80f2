import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/local-paths';
import { waitUntil } from '@metrics-store/runtime';

/** Running, not merely a zombie left for whatever adopts orphans to reap (state Z in /proc on Linux). */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

/** Resolves with the first line of `stream` that matches `pattern`. */
const lineMatching = (stream: NodeJS.ReadableStream, pattern: RegExp) =>
  new Promise<RegExpExecArray>((resolve) => {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = pattern.exec(buffered);
      if (match) resolve(match);
    });
  });

describe('an app started by startApp', () => {
  it('stops by itself when the process that started it is killed with SIGKILL', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'testing/app-parent.fixture.ts')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let childPid = 0;
    try {
      if (!parent.stdout) throw new Error('expected a stdout pipe');
      const output = parent.stdout;
      const ready = lineMatching(output, /\[signalled-app\].*app_ready/);
      childPid = Number((await lineMatching(output, /child_pid (\d+)/))[1]);
      await ready;
      // Its own process group, as npm start makes it: the parent's death reaches it by no signal.
      parent.kill('SIGKILL');
      await waitUntil('the app to stop after its parent died', async () => !isAlive(childPid), 10_000);
      expect(isAlive(childPid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (childPid > 0 && isAlive(childPid)) process.kill(childPid, 'SIGKILL');
    }
  });
});
