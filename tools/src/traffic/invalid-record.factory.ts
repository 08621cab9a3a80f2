import type { DeadLetterCode } from '@metrics-store/metrics-contract';
import type { SeededRandom } from '@metrics-store/testing';

const DAY_MS = 86_400_000;
// Contract default MAX_EVENT_BYTES; the drill and the demo run the consumer with the default.
const MAX_EVENT_BYTES = 65_536;

/**
 * Records a broken producer would send, each with the code the contract assigns to it. Every case is far
 * from a boundary (sizes, the time window) so that the expected code cannot depend on when it is processed.
 */
export function makeInvalidRecord(
  random: SeededRandom,
  base: Record<string, unknown>,
  nowMs: number,
): { code: DeadLetterCode; value: Buffer } {
  // too_many_types needs a day of a thousand types: not something a broken record alone makes.
  const code = random.weighted<Exclude<DeadLetterCode, 'too_many_types'>>([
    ['invalid_json', 30],
    ['invalid_event', 40],
    ['timestamp_out_of_range', 25],
    ['too_large', 5],
  ]);
  const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
  switch (code) {
    case 'invalid_json':
      return {
        code,
        value: random.pick([
          () => Buffer.from(JSON.stringify(base).slice(0, random.int(5, 40)), 'utf8'),
          () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
          () => Buffer.from('event_id=1&type=page_view', 'utf8'),
          () => Buffer.alloc(0),
        ])(),
      };
    case 'invalid_event':
      return {
        code,
        value: random.pick([
          () => json({ ...base, event_id: undefined }),
          () => json({ ...base, timestamp: new Date(nowMs - DAY_MS).toISOString().slice(0, 19) }),
          () => json({ ...base, type: 'Page View' }),
          () => json({ ...base, type: random.pick(['total_events', 'unique_users', 'sessions']) }),
          () => json({ ...base, user_id: '' }),
          () => json({ ...base, project_id: 'not-a-project' }),
          () => json({ ...base, timestamp: '2025-02-30T10:00:00Z' }),
          () => json({ ...base, timestamp: nowMs - DAY_MS + 0.5 }),
          () => json([base]),
        ])(),
      };
    case 'timestamp_out_of_range': {
      const instant = random.chance(0.7)
        ? nowMs - random.int(450, 900) * DAY_MS
        : nowMs + random.int(3, 30) * DAY_MS;
      return { code, value: json({ ...base, timestamp: new Date(instant).toISOString() }) };
    }
    case 'too_large':
      return {
        code,
        value: json({ ...base, blob: 'x'.repeat(MAX_EVENT_BYTES + random.int(1_000, 20_000)) }),
      };
  }
}
