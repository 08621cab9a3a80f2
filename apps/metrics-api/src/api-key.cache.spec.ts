import type { VerifiedApiKey } from '@metrics-store/metrics-db';
import { ApiKeyCache } from './api-key.cache';

const FOUND: VerifiedApiKey = { keyId: 'k1', projectId: 'p1' };

describe('ApiKeyCache', () => {
  const counting = (answer: () => Promise<VerifiedApiKey | null>) => {
    const calls: string[] = [];
    return { calls, verify: (key: string) => (calls.push(key), answer()) };
  };

  it('remembers found and unknown keys until the TTL passes, sharing concurrent lookups', async () => {
    const { calls, verify } = counting(async () => FOUND);
    const cache = new ApiKeyCache(verify, 1_000);
    const [a, b] = await Promise.all([cache.lookup('mk_a', 0), cache.lookup('mk_a', 10)]);
    expect([a, b]).toEqual([FOUND, FOUND]);
    await cache.lookup('mk_a', 999);
    expect(calls).toEqual(['mk_a']);
    await cache.lookup('mk_a', 1_000);
    expect(calls).toEqual(['mk_a', 'mk_a']);
  });

  it('forgets failed lookups at once', async () => {
    let fail = true;
    const { calls, verify } = counting(async () => {
      if (fail) throw new Error('database down');
      return null;
    });
    const cache = new ApiKeyCache(verify, 1_000);
    await expect(cache.lookup('mk_b', 0)).rejects.toThrow('database down');
    fail = false;
    await expect(cache.lookup('mk_b', 1)).resolves.toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('keeps at most maxEntries, dropping the oldest, and can be cleared', async () => {
    const { calls, verify } = counting(async () => null);
    const cache = new ApiKeyCache(verify, 60_000, 2);
    for (const key of ['mk_1', 'mk_2', 'mk_3', 'mk_2']) await cache.lookup(key, 0);
    expect(calls).toEqual(['mk_1', 'mk_2', 'mk_3']);
    await cache.lookup('mk_1', 0);
    expect(calls).toHaveLength(4);
    cache.clear();
    await cache.lookup('mk_3', 0);
    expect(calls).toHaveLength(5);
  });
});
