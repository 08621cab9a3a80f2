import { TtlCache } from './ttl.cache';

describe('TtlCache', () => {
  const counting = <V>(answer: () => Promise<V>) => {
    const calls: string[] = [];
    return { calls, load: (key: string) => () => (calls.push(key), answer()) };
  };

  it('remembers answers until the TTL passes, sharing concurrent loads', async () => {
    const { calls, load } = counting(async () => 'found');
    const cache = new TtlCache<string>(1_000);
    const [a, b] = await Promise.all([cache.get('k', load('k'), 0), cache.get('k', load('k'), 10)]);
    expect([a, b]).toEqual(['found', 'found']);
    await cache.get('k', load('k'), 999);
    expect(calls).toEqual(['k']);
    await cache.get('k', load('k'), 1_000);
    expect(calls).toEqual(['k', 'k']);
  });

  it('forgets failed loads at once', async () => {
    let fail = true;
    const { calls, load } = counting(async () => {
      if (fail) throw new Error('database down');
      return null;
    });
    const cache = new TtlCache<null>(1_000);
    await expect(cache.get('k', load('k'), 0)).rejects.toThrow('database down');
    fail = false;
    await expect(cache.get('k', load('k'), 1)).resolves.toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('keeps at most maxEntries, dropping the oldest, and forgets on delete and clear', async () => {
    const { calls, load } = counting(async () => null);
    const cache = new TtlCache<null>(60_000, 2);
    for (const key of ['k1', 'k2', 'k3', 'k2']) await cache.get(key, load(key), 0);
    expect(calls).toEqual(['k1', 'k2', 'k3']);
    await cache.get('k1', load('k1'), 0);
    expect(calls).toHaveLength(4);
    cache.delete('k1');
    await cache.get('k1', load('k1'), 0);
    expect(calls).toHaveLength(5);
    cache.clear();
    await cache.get('k1', load('k1'), 0);
    expect(calls).toHaveLength(6);
  });

  it('does not cache with a TTL of 0', async () => {
    const { calls, load } = counting(async () => 1);
    const cache = new TtlCache<number>(0);
    await cache.get('k', load('k'), 0);
    await cache.get('k', load('k'), 0);
    expect(calls).toHaveLength(2);
  });

  it('drops expired entries when it loads, and deletes the keys a predicate matches', async () => {
    const { load } = counting(async () => 1);
    const cache = new TtlCache<number>(100);
    await cache.get('p1|a', load('p1|a'), 0);
    await cache.get('p1|b', load('p1|b'), 50);
    await cache.get('p2|a', load('p2|a'), 120);
    expect(cache.size).toBe(2);
    cache.deleteWhere((key) => key.startsWith('p1|'));
    expect(cache.size).toBe(1);
  });

  it('tells its observer of each hit (a kept answer or a load in flight) and each miss', async () => {
    const seen: string[] = [];
    const { load } = counting(async () => 1);
    const cache = new TtlCache<number>(100, 10, {
      hit: () => seen.push('hit'),
      miss: () => seen.push('miss'),
    });
    await Promise.all([cache.get('k', load('k'), 0), cache.get('k', load('k'), 0)]);
    await cache.get('k', load('k'), 99);
    await cache.get('k', load('k'), 100);
    expect(seen).toEqual(['miss', 'hit', 'hit', 'miss']);
  });
});
