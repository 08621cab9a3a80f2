import { RESERVED_METRICS } from '@metrics-store/metrics-contract';
import { enrichedEventSchema } from './event.schema';
import { validateEvent } from './event.validator';

const base = {
  event_id: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
  project_id: '6F1C2A7E-0000-4000-8000-00000000000A',
  type: 'page_view',
  timestamp: '2026-06-15T10:00:00+05:45',
  user_id: 'u1',
  extra: { nested: true },
};

// Candidate values per field: valid ones, near misses and wrong types.
const candidates: Record<string, unknown[]> = {
  event_id: [
    undefined,
    null,
    12,
    '',
    'abc',
    base.event_id,
    base.event_id.toUpperCase(),
    `${base.event_id}0`,
    ` ${base.event_id}`,
  ],
  project_id: [
    undefined,
    7,
    base.project_id,
    base.project_id.toLowerCase(),
    '6f1c2a7e-0000-4000-8000-00000000000g',
  ],
  type: [
    undefined,
    '',
    'a',
    'page_view',
    'Page',
    '1a',
    'a-b',
    `a${'b'.repeat(62)}`,
    `a${'b'.repeat(63)}`,
    'total_events',
    'sessions',
    'visits',
    'bounce_rate',
    'visit',
    5,
  ],
  timestamp: [
    undefined,
    null,
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    1781517600000,
    '1781517600000',
    '2026-06-15T10:00:00Z',
    '2026-06-15T10:00Z',
    '2026-06-15T10:00:00',
    '2026-06-15T10:00:00.123456789-03:30',
    '2026-06-15T10:00:00.1234567890Z',
    '2026-02-29T10:00:00Z',
    '2028-02-29T10:00:00Z',
    '2026-06-15T24:00:00Z',
    '2026-06-15T10:00:00+24:00',
    '2026-06-15t10:00:00z',
  ],
  user_id: [undefined, null, '', 'x', 'x'.repeat(256), 'x'.repeat(257), '😀'.repeat(200), 3, ['u']],
  session_id: [undefined, null, '', 's', {}, 'y'.repeat(257)],
};

describe('validateEvent', () => {
  it('agrees with the zod schema on every single-field variation of an event', () => {
    const disagreements: string[] = [];
    for (const [field, values] of Object.entries(candidates)) {
      for (const value of values) {
        const input = { ...base, [field]: value };
        const fast = validateEvent(input);
        const zod = enrichedEventSchema.safeParse(input);
        const same =
          fast.success === zod.success &&
          (!fast.success || JSON.stringify(fast.event) === JSON.stringify(zod.data));
        if (!same) disagreements.push(`${field}=${JSON.stringify(value)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses every reserved metric name as a type, on the fast path and in the schema alike', () => {
    const admitted = RESERVED_METRICS.filter((type) => validateEvent({ ...base, type }).success);
    const parsed = RESERVED_METRICS.filter(
      (type) => enrichedEventSchema.safeParse({ ...base, type }).success,
    );
    expect({ admitted, parsed }).toEqual({ admitted: [], parsed: [] });
    const problems = validateEvent({ ...base, type: 'visit_duration_ms' });
    expect(!problems.success && problems.problems).toEqual([
      'type: a reserved metric name cannot be an event type',
    ]);
  });

  it('rejects what is not an object, with the schema explaining why', () => {
    for (const value of [null, [], 'event', 42, true]) {
      const result = validateEvent(value);
      expect(result.success).toBe(false);
      expect(!result.success && result.problems.length).toBeGreaterThan(0);
    }
  });
});
