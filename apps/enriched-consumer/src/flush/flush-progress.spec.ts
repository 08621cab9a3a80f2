import { FLUSH_STALL_LIMIT_MS, FlushProgress } from './flush-progress';

describe('FlushProgress, on an injected clock', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('is never stalled while nothing waits to be counted, however long ago the last flush was', () => {
    const progress = new FlushProgress(clock);
    now += 10 * FLUSH_STALL_LIMIT_MS;
    expect(progress.isStalled(false)).toBe(false);
  });

  it('is stalled once records have waited 30 s without a successful flush', () => {
    const progress = new FlushProgress(clock);
    progress.restart(); // records arrive
    now += FLUSH_STALL_LIMIT_MS - 1;
    expect(progress.isStalled(true)).toBe(false);
    now += 1;
    expect(progress.isStalled(true)).toBe(true);
  });

  it('starts the wait again at each successful flush', () => {
    const progress = new FlushProgress(clock);
    now += FLUSH_STALL_LIMIT_MS - 100;
    progress.restart(); // a flush succeeded, more records wait
    now += FLUSH_STALL_LIMIT_MS - 100;
    expect(progress.isStalled(true)).toBe(false);
    now += 100;
    expect(progress.isStalled(true)).toBe(true);
  });

  it('measures the wait of records that come after a long idle time from their arrival', () => {
    const progress = new FlushProgress(clock);
    now += 3_600_000;
    progress.restart(); // the first records for an hour
    now += 1_000;
    expect(progress.isStalled(true)).toBe(false);
  });
});
