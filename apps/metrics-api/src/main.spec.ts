import { runAppMain } from '@metrics-store/testing';

describe('metrics-api main', () => {
  it('refuses a bad configuration with one line naming every bad variable, and exit code 2', () => {
    const run = runAppMain('apps/metrics-api/src/main.ts', { LOG_LEVEL: 'loud', PORT: 'x' });
    expect([run.status, run.stdout, run.stderrLines.length]).toEqual([2, '', 1]);
    expect(run.stderrLines[0]).toMatch(/^metrics-api: Invalid configuration: .*LOG_LEVEL: .*PORT: /);
  });

  it('refuses to start with an admin token shorter than 32 characters', () => {
    const run = runAppMain('apps/metrics-api/src/main.ts', {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      ADMIN_TOKEN: 'too-short-for-an-admin-token',
    });
    expect([run.status, run.stdout]).toEqual([2, '']);
    expect(run.stderrLines).toEqual([
      'metrics-api: Invalid configuration: ADMIN_TOKEN: must be at least 32 characters (or unset to turn the admin routes off)',
    ]);
  });
});
