import { exited, openTestBed, spawnConsumer, type ConsumerTestBed } from '../testing/consumer-run.fixture';

describe('enriched-consumer with its stdout pipe closed (`npm start | tee`, tee gone)', () => {
  let bed: ConsumerTestBed;
  beforeAll(async () => {
    bed = await openTestBed(1);
  });
  afterAll(() => bed?.dispose());

  it('still stops on SIGTERM, with exit code 0', async () => {
    const consumer = spawnConsumer({ ...bed.env, LOG_LEVEL: 'info' }, 'pipe');
    try {
      const stdout = consumer.stdout;
      if (!stdout) throw new Error('expected a stdout pipe');
      await new Promise<void>((resolve) => {
        let seen = '';
        stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes('"consumer_started"')) resolve();
        });
      });
      // Every log line from now on fails with EPIPE, the signal handler's first one included.
      stdout.destroy();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      consumer.kill('SIGTERM');
      const code = await Promise.race([
        exited(consumer),
        new Promise((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000)),
      ]);
      expect(code).toBe(0);
    } finally {
      consumer.kill('SIGKILL');
    }
  });
});
