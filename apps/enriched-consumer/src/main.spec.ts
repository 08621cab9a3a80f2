import { runAppMain } from '@metrics-store/testing';

describe('enriched-consumer main', () => {
  it('refuses a bad configuration with one line naming every bad variable, and exit code 2', () => {
    const run = runAppMain('apps/enriched-consumer/src/main.ts', {
      LOG_LEVEL: 'loud',
      CONSUMER_HTTP_PORT: 'x',
    });
    expect([run.status, run.stdout, run.stderrLines.length]).toEqual([2, '', 1]);
    expect(run.stderrLines[0]).toMatch(
      /^enriched-consumer: Invalid configuration: .*LOG_LEVEL: .*CONSUMER_HTTP_PORT: /,
    );
  });
});
