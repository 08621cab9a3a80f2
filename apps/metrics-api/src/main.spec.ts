import { runAppMain } from '@metrics-store/testing';

describe('metrics-api main', () => {
  it('refuses a bad configuration with one line naming every bad variable, and exit code 2', () => {
    const run = runAppMain('apps/metrics-api/src/main.ts', { LOG_LEVEL: 'loud', PORT: 'x' });
    expect([run.status, run.stdout, run.stderrLines.length]).toEqual([2, '', 1]);
    expect(run.stderrLines[0]).toMatch(/^metrics-api: Invalid configuration: .*LOG_LEVEL: .*PORT: /);
  });
});
