import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { exitWithin, lineWith } from './testing/child-process.watch';

const REPO_ROOT = join(__dirname, '../../..');

describe('onShutdownSignals with a broken log pipe', () => {
  it.each(['json', 'pretty'])(
    'still stops and exits 0 on SIGTERM once the reader of stdout is gone (LOG_FORMAT=%s)',
    async (format) => {
      const app = spawn(
        process.execPath,
        ['--import', 'tsx', join(__dirname, 'testing/signalled-app.fixture.ts')],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            LOG_FORMAT: format,
            TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        let stderr = '';
        app.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        if (!app.stdout) throw new Error('expected a stdout pipe');
        await lineWith(app.stdout, 'app_ready');
        // As when `npm start | tee` loses its tee: every later log line fails with EPIPE.
        app.stdout.destroy();
        await new Promise((resolve) => setTimeout(resolve, 500));
        app.kill('SIGTERM');
        expect(await exitWithin(app, 5_000)).toBe(0);
        expect(stderr).toContain('stop_ran');
      } finally {
        app.kill('SIGKILL');
      }
    },
  );
});
