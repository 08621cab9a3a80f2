import { StopWaiting, waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('returns once the check holds, polling meanwhile', async () => {
    let calls = 0;
    await waitUntil('the third call', async () => ++calls === 3, 5_000, 1);
    expect(calls).toBe(3);
  });

  it('names what it waited for and the last error of the check when time runs out', async () => {
    await expect(
      waitUntil(
        'a service',
        async () => {
          throw new Error('connection refused');
        },
        20,
        5,
      ),
    ).rejects.toThrow('Timed out after 20 ms waiting for a service (last error: connection refused)');
  });

  it('ends at once on StopWaiting', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        'what cannot happen',
        async () => {
          throw new StopWaiting('the process ended');
        },
        10_000,
      ),
    ).rejects.toThrow('the process ended');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
