import { isConsumerReady } from './consumer.readiness';

describe('isConsumerReady', () => {
  const ready = { joined: true, running: true, flushStalled: false, partitionsBeyondLogEnd: 0 };

  it('is ready in the group, flushing, with no partition beyond its log end', () => {
    expect(isConsumerReady(ready)).toBe(true);
  });

  it.each([
    ['not in the group', { joined: false }],
    ['stopping', { running: false }],
    ['flushes stalled for 30 s', { flushStalled: true }],
    ['a partition beyond its log end', { partitionsBeyondLogEnd: 1 }],
  ])('is not ready when %s', (_why, change) => {
    expect(isConsumerReady({ ...ready, ...change })).toBe(false);
  });
});
