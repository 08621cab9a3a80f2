import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../../..');

describe('metrics-api main', () => {
  it('refuses a bad configuration with one line naming every bad variable, and exit code 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'apps/metrics-api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'),
        LOG_LEVEL: 'loud',
        PORT: 'eighty',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^metrics-api: Invalid configuration: /);
    expect(lines[0]).toContain('LOG_LEVEL');
    expect(lines[0]).toContain('PORT');
    expect(run.stdout).toBe('');
  });
});
