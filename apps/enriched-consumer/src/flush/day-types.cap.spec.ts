import type { CountedEvent, DayTypes, DayTypesQuery } from '@metrics-store/metrics-db';
import { DayTypesCap, type TypedSegment } from './day-types.cap';
import { TypeCandidates } from './type-candidates';

const P = '6f1c2a7e-0000-4000-8000-00000000000a';
let offset = 0;
const event = (type: string, date = '2026-11-01'): CountedEvent => ({
  offset: String(offset++),
  projectId: P,
  date,
  type,
  instantMs: 0,
  visitorKey: null,
  sessionKey: null,
});
/** A segment whose every event is a candidate, as the processor makes it for types it does not know. */
const segmentOf = (events: CountedEvent[]): TypedSegment => ({
  events,
  deadLetters: [],
  typeCandidates: new TypeCandidates(
    events.map((e) => ({ key: null, value: Buffer.from(e.type), offset: e.offset })),
    0,
    1_000,
  ),
});

/** A database whose days hold `stored` (per date) types. */
function storeOf(stored: Record<string, string[]>) {
  const asked: DayTypesQuery[][] = [];
  return {
    asked,
    readDayTypes: async (query: DayTypesQuery[]): Promise<DayTypes[]> => {
      asked.push(query);
      const dates = [...new Set(query.map((q) => q.date))];
      return dates.map((date) => ({
        projectId: P,
        date,
        storedTypes: query
          .filter((q) => q.date === date && stored[date]?.includes(q.type))
          .map((q) => q.type),
        typeCount: stored[date]?.length ?? 0,
      }));
    },
  };
}

describe('DayTypesCap', () => {
  it('takes new types in order up to the cap, counting the flush its own, then dead-letters the rest', async () => {
    const cap = new DayTypesCap(3, storeOf({ '2026-11-01': ['a', 'b'] }));
    const segment = segmentOf([event('c'), event('a'), event('d'), event('c'), event('e', '2026-11-02')]);
    await cap.admit([segment]);
    expect(segment.events.map((e) => `${e.date} ${e.type}`)).toEqual([
      '2026-11-01 c',
      '2026-11-01 a',
      '2026-11-01 c',
      '2026-11-02 e',
    ]);
    expect(segment.deadLetters).toEqual([
      expect.objectContaining({
        code: 'too_many_types',
        message: `type d would be a new one for project ${P} on 2026-11-01, which has 3 distinct types already (MAX_TYPES_PER_DAY=3)`,
      }),
    ]);
    expect(segment.typeCandidates).toBeUndefined();
  });

  it('asks nothing for types a committed flush stored, until it forgets them', async () => {
    let now = 0;
    const store = storeOf({});
    const cap = new DayTypesCap(1_000, store, () => now);
    const first = segmentOf([event('a')]);
    await cap.admit([first]);
    cap.remember([first]);
    expect(cap.isCandidate(event('a'))).toBe(false);
    expect(cap.isCandidate(event('b'))).toBe(true);
    expect(cap.isCandidate(event('a', '2026-11-02'))).toBe(true);
    await cap.admit([{ events: [event('a')], deadLetters: [] }]);
    expect(store.asked).toHaveLength(1);
    now = 11 * 60_000;
    expect(cap.isCandidate(event('a'))).toBe(true);
  });

  it('remembers only the types it admitted: an event that was no candidate teaches it nothing', async () => {
    const cap = new DayTypesCap(1_000, storeOf({}));
    cap.remember([{ events: [event('z')], deadLetters: [] }]);
    expect(cap.isCandidate(event('z'))).toBe(true);
    const over = new DayTypesCap(1, storeOf({ '2026-11-01': ['a'] }));
    const segment = segmentOf([event('a'), event('b')]);
    await over.admit([segment]);
    over.remember([segment]);
    expect([over.isCandidate(event('a')), over.isCandidate(event('b'))]).toEqual([false, true]);
  });
});
