import { forEachTimeSliced } from './time-sliced';

/** Busy work of `ms` milliseconds, as a sketch's decode, add and encode is. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // nothing: the point is to hold the loop
  }
}

describe('forEachTimeSliced', () => {
  it('calls the step for every item in order', async () => {
    const seen: number[] = [];
    await forEachTimeSliced([1, 2, 3, 4], (n) => seen.push(n), { sliceMs: 5 });
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('gives the loop back each time a slice has passed, by its clock', async () => {
    let clock = 0;
    const events: string[] = [];
    await forEachTimeSliced(
      ['a', 'b', 'c', 'd', 'e'],
      (item) => {
        events.push(item);
        clock += 2;
      },
      {
        sliceMs: 3,
        now: () => clock,
        giveBack: async () => {
          events.push('|');
        },
      },
    );
    // 2 ms per item: a slice of 3 ms ends after every second item.
    expect(events).toEqual(['a', 'b', '|', 'c', 'd', '|', 'e']);
  });

  it('lets a callback queued on the loop run between long steps', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    await forEachTimeSliced(
      [1, 2, 3],
      (n) => {
        spin(3);
        order.push(`step ${n}`);
      },
      { sliceMs: 2 },
    );
    expect(order.indexOf('other work')).toBeGreaterThan(-1);
    expect(order.indexOf('other work')).toBeLessThan(order.indexOf('step 3'));
  });
});
