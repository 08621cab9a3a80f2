import { seededRandom } from '@metrics-store/testing';
import { DuplicateFilter } from './duplicate.filter';
import { eventKeyOf } from './event-key';
import type { EventKey } from './event-window';

const MINUTE = 60_000;
const P1 = '6f1c2a7e-0000-4000-8000-00000000000a';
const P2 = '6f1c2a7e-0000-4000-8000-00000000000b';
const eventId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A record of a partition's log: its Kafka timestamp and its event (null: invalid). */
interface LogRecord {
  timeMs: number;
  key: EventKey | null;
}

/** Decides every record from `from` on, after reading back what a consumer taking the partition over reads. */
function decide(filter: DuplicateFilter, log: LogRecord[], from: number): boolean[] {
  const newest = from === 0 ? null : Math.max(...log.slice(0, from).map((r) => r.timeMs));
  // Kafka's offsets-for-times: the first offset whose timestamp is at or after the time asked.
  const start = newest === null ? from : log.findIndex((r) => r.timeMs >= filter.windowStartTime(newest));
  const feedFrom = Math.min(start === -1 ? from : start, from);
  filter.reset(0, BigInt(from), newest, BigInt(feedFrom));
  for (let offset = feedFrom; offset < from; offset++)
    if (filter.needsFeed(0, BigInt(offset)))
      filter.feed(0, BigInt(offset), log[offset].key, log[offset].timeMs);
  const decisions: boolean[] = [];
  for (let offset = from; offset < log.length; offset++) {
    decisions.push(filter.isDuplicate(0, log[offset].key, log[offset].timeMs));
    filter.mark(0, BigInt(offset + 1));
    filter.confirm(0, BigInt(offset + 1));
  }
  return decisions;
}

describe('DuplicateFilter', () => {
  const filter = () => new DuplicateFilter(10 * MINUTE);

  it('finds an event seen within the window on its partition, not one seen earlier, nor another project', () => {
    const f = filter();
    f.reset(0, 0n, null, 0n);
    expect(f.isDuplicate(0, eventKeyOf(P1, eventId(1)), 0)).toBe(false);
    expect(f.isDuplicate(0, eventKeyOf(P2, eventId(1)), 1)).toBe(false);
    expect(f.isDuplicate(0, eventKeyOf(P1, eventId(1)), 10 * MINUTE)).toBe(true);
    // The second copy is in the window now: a third one later than the first's window is still a duplicate.
    expect(f.isDuplicate(0, eventKeyOf(P1, eventId(1)), 19 * MINUTE)).toBe(true);
    expect(f.isDuplicate(0, eventKeyOf(P2, eventId(1)), 19 * MINUTE)).toBe(false);
    // An invalid record moves the clock on: the window is before the newest timestamp.
    expect(f.isDuplicate(0, null, 40 * MINUTE)).toBe(false);
    expect(f.isDuplicate(0, eventKeyOf(P1, eventId(1)), 40 * MINUTE)).toBe(false);
  });

  it('is off with a window of 0', () => {
    expect(new DuplicateFilter(0).enabled).toBe(false);
    expect(filter().enabled).toBe(true);
  });

  it('goes back to the window of a stored offset when its partition is rewound', () => {
    const f = filter();
    f.reset(0, 10n, null, 10n);
    f.isDuplicate(0, eventKeyOf(P1, eventId(1)), 0);
    f.mark(0, 11n);
    f.confirm(0, 11n);
    f.isDuplicate(0, eventKeyOf(P1, eventId(2)), MINUTE);
    f.mark(0, 12n);
    // The record at 11 was accepted but its flush was abandoned: it is read again, and is no duplicate.
    f.rewind(0, 11n);
    expect(f.isDuplicate(0, eventKeyOf(P1, eventId(2)), MINUTE)).toBe(false);
    expect(f.isDuplicate(0, eventKeyOf(P1, eventId(1)), MINUTE)).toBe(true);
  });

  it('decides after a restart anywhere exactly as without it, whatever the order of timestamps', () => {
    const random = seededRandom(23);
    const log: LogRecord[] = [];
    let clock = 0;
    for (let i = 0; i < 3_000; i++) {
      clock += Math.floor(random() * 2_000);
      // Producers' clocks: now and then a record minutes behind or ahead of the others.
      const skew = random() < 0.05 ? Math.floor((random() - 0.5) * 30 * MINUTE) : 0;
      const event = Math.floor(random() * 400);
      log.push({
        timeMs: clock + skew,
        key: random() < 0.1 ? null : eventKeyOf(random() < 0.5 ? P1 : P2, eventId(event)),
      });
    }
    const straight = decide(filter(), log, 0);
    expect(straight.filter(Boolean).length).toBeGreaterThan(100);
    for (const restartAt of [1, 500, 1_234, 2_999])
      expect(decide(filter(), log, restartAt)).toEqual(straight.slice(restartAt));
  });
});
