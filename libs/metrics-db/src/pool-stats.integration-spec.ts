import { openTestStore, type TestStore } from './testing/metrics-store.fixture';

describe('MetricsStore.poolStats', () => {
  let fx: TestStore;
  beforeAll(async () => {
    fx = await openTestStore(2);
  });
  afterAll(() => fx.dispose());

  it('counts open, idle and waiting connections of the pool', async () => {
    await fx.store.ping();
    expect(fx.store.poolStats()).toEqual({ total: 1, idle: 1, waiting: 0, max: 2 });

    // Two connections at most: of five operations at once, three wait their turn.
    const pings = Array.from({ length: 5 }, () => fx.store.ping());
    await new Promise((resolve) => setImmediate(resolve));
    expect(fx.store.poolStats()).toMatchObject({ total: 2, idle: 0, waiting: 3 });

    await Promise.all(pings);
    expect(fx.store.poolStats()).toEqual({ total: 2, idle: 2, waiting: 0, max: 2 });
  });
});
