import { eventKeyOf } from './event-key';
import { EventWindow } from './event-window';

const P1 = '6f1c2a7e-0000-4000-8000-00000000000a';
const P2 = '6f1c2a7e-0000-4000-8000-00000000000b';
const eventId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('eventKeyOf', () => {
  it('reads the UUIDs whatever their letter case, and tells projects and events apart', () => {
    const id = '0B7E4A8E-1C1D-4F6E-9A63-2F1D0C9B8A71';
    expect(eventKeyOf(P1, id)).toEqual(eventKeyOf(P1, id.toLowerCase()));
    expect(eventKeyOf(P1, id)).not.toEqual(eventKeyOf(P2, id));
    const keys = new Set(
      Array.from({ length: 100_000 }, (_, n) => JSON.stringify(eventKeyOf(P1, eventId(n)))),
    );
    expect(keys.size).toBe(100_000);
  });
});

describe('EventWindow', () => {
  it('holds each event with its time: found at or after a time, not before it', () => {
    const window = new EventWindow();
    window.add(eventKeyOf(P1, eventId(1)), 1_000);
    expect(window.has(eventKeyOf(P1, eventId(1)), 1_000)).toBe(true);
    expect(window.has(eventKeyOf(P1, eventId(1)), 1_001)).toBe(false);
    expect(window.has(eventKeyOf(P2, eventId(1)), 0)).toBe(false);
    // A second copy later: found from its own time on.
    window.add(eventKeyOf(P1, eventId(1)), 5_000);
    expect(window.has(eventKeyOf(P1, eventId(1)), 4_000)).toBe(true);
  });

  it('grows past its first capacity, evicts from the head by time, and forgets what it truncates', () => {
    const window = new EventWindow();
    for (let n = 0; n < 10_000; n++) window.add(eventKeyOf(P1, eventId(n)), n);
    expect(window.size).toBe(10_000);
    for (let n = 0; n < 10_000; n += 97) expect(window.has(eventKeyOf(P1, eventId(n)), 0)).toBe(true);
    window.evictBefore(4_000);
    expect(window.size).toBe(6_000);
    expect(window.has(eventKeyOf(P1, eventId(3_999)), 0)).toBe(false);
    expect(window.has(eventKeyOf(P1, eventId(4_000)), 0)).toBe(true);
    const mark = window.count;
    for (let n = 10_000; n < 10_010; n++) window.add(eventKeyOf(P1, eventId(n)), n);
    window.truncate(mark);
    expect(window.has(eventKeyOf(P1, eventId(10_005)), 0)).toBe(false);
    expect(window.has(eventKeyOf(P1, eventId(9_999)), 0)).toBe(true);
  });

  it('keeps finding every held event through many rounds of adding and evicting in a ring', () => {
    const window = new EventWindow();
    for (let n = 0; n < 60_000; n++) {
      window.add(eventKeyOf(P1, eventId(n)), n);
      window.evictBefore(n - 2_000);
      if (n % 3_001 === 0 && n > 2_002) {
        for (let back = 0; back <= 2_000; back += 199)
          expect(window.has(eventKeyOf(P1, eventId(n - back)), 0)).toBe(true);
        expect(window.has(eventKeyOf(P1, eventId(n - 2_001)), 0)).toBe(false);
      }
    }
    expect(window.size).toBe(2_001);
    // The ring stays near the events held instead of growing with all ever added.
    expect(window.bytes).toBeLessThan(2_001 * 64);
  });
});
