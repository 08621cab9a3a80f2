import { dateEvents } from './dated-events.mapper';
import { LocalDateResolver } from './local-date.resolver';
import {
  classifyCutValue,
  classifyRecord,
  type Classification,
  type ClassifierLimits,
} from './record.classifier';
import { VisitorKeyHasher, type VisitorKeyKind } from './visitor-key.hasher';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const LIMITS = { maxEventBytes: 1_000, maxEventAgeDays: 400 };
const KEYS = new VisitorKeyHasher('a-secret-of-the-tests-that-is-long-enough');
const context = (limits: ClassifierLimits = LIMITS) => ({ limits, keys: KEYS });
const PROJECT = '6f1c2a7e-0000-4000-8000-000000000001';
const base = {
  event_id: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
  project_id: PROJECT,
  type: 'page_view',
  timestamp: '2026-06-15T10:00:00Z',
};

const classify = (value: unknown) =>
  classifyRecord(
    Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    NOW,
    context(),
    '41',
  );
const keyOf = (kind: VisitorKeyKind, id: string) => KEYS.hmacKey(PROJECT, kind, id);
const codeOf = (result: Classification) => (result.ok ? 'ok' : result.deadLetter.code);

describe('classifyRecord', () => {
  it('accepts a minimal event and lower-cases the project id', () => {
    const result = classify({ ...base, project_id: PROJECT.toUpperCase() });
    expect(result).toEqual({
      ok: true,
      event: {
        offset: '41',
        projectId: PROJECT,
        eventId: base.event_id,
        type: 'page_view',
        instantMs: Date.parse(base.timestamp),
        visitorKey: null,
        sessionKey: null,
      },
    });
  });

  it('ignores unknown fields', () => {
    expect(codeOf(classify({ ...base, url: 'https://x', country: 'NP', nested: { a: 1 } }))).toBe('ok');
  });

  it('takes user_id as the visitor, else anonymous_id; session_id as the session', () => {
    const both = classify({ ...base, user_id: 'u1', anonymous_id: 'a1', session_id: 's1' });
    const anonymous = classify({ ...base, anonymous_id: 'a1' });
    expect(both.ok && both.event.visitorKey).toBe(keyOf('visitor', 'u1'));
    expect(both.ok && both.event.sessionKey).toBe(keyOf('session', 's1'));
    expect(anonymous.ok && anonymous.event.visitorKey).toBe(keyOf('visitor', 'a1'));
    // null means "not set", like an absent field.
    const nulls = classify({ ...base, user_id: null, anonymous_id: 'a1', session_id: null });
    expect(nulls.ok && [nulls.event.visitorKey, nulls.event.sessionKey]).toEqual([
      keyOf('visitor', 'a1'),
      null,
    ]);
  });

  it.each([
    ['ISO with Z', '2026-06-15T10:00:00Z', Date.parse('2026-06-15T10:00:00Z')],
    ['ISO with +05:45', '2026-06-15T10:00:00+05:45', Date.parse('2026-06-15T04:15:00Z')],
    [
      'ISO with -03:00 and fractions',
      '2026-06-15T10:00:00.123-03:00',
      Date.parse('2026-06-15T13:00:00.123Z'),
    ],
    ['ISO without seconds', '2026-06-15T10:00Z', Date.parse('2026-06-15T10:00:00Z')],
    ['epoch milliseconds', Date.parse('2026-06-15T10:00:00Z'), Date.parse('2026-06-15T10:00:00Z')],
  ])('accepts a timestamp as %s', (_label, timestamp, instantMs) => {
    const result = classify({ ...base, timestamp });
    expect(result.ok && result.event.instantMs).toBe(instantMs);
  });

  it.each([
    ['event_id missing', { ...base, event_id: undefined }],
    ['event_id not a UUID', { ...base, event_id: 'abc' }],
    ['project_id not a UUID', { ...base, project_id: '6f1c2a7e-0000-4000-8000-00000000000' }],
    ['project_id a number', { ...base, project_id: 12 }],
    ['type missing', { ...base, type: undefined }],
    ['type upper case', { ...base, type: 'PageView' }],
    ['type starting with a digit', { ...base, type: '1click' }],
    ['type with a dash', { ...base, type: 'page-view' }],
    ['type of 64 characters', { ...base, type: `a${'b'.repeat(63)}` }],
    ['type total_events', { ...base, type: 'total_events' }],
    ['type total_pageviews', { ...base, type: 'total_pageviews' }],
    ['type unique_users', { ...base, type: 'unique_users' }],
    ['type sessions', { ...base, type: 'sessions' }],
    ['type visits', { ...base, type: 'visits' }],
    ['type bounce_rate', { ...base, type: 'bounce_rate' }],
    ['timestamp missing', { ...base, timestamp: undefined }],
    ['timestamp without a zone', { ...base, timestamp: '2026-06-15T10:00:00' }],
    ['timestamp date only', { ...base, timestamp: '2026-06-15' }],
    ['timestamp with a space', { ...base, timestamp: '2026-06-15 10:00:00Z' }],
    ['timestamp of a day that does not exist', { ...base, timestamp: '2026-02-30T10:00:00Z' }],
    ['timestamp as digits in a string', { ...base, timestamp: '1781517600000' }],
    ['timestamp fractional epoch', { ...base, timestamp: 1781517600000.5 }],
    ['timestamp null', { ...base, timestamp: null }],
    ['user_id empty', { ...base, user_id: '' }],
    ['anonymous_id of 257 characters', { ...base, anonymous_id: 'x'.repeat(257) }],
    ['session_id a number', { ...base, session_id: 42 }],
    ['a JSON array', [base]],
    ['a JSON string', '"page_view"'],
    ['JSON null', 'null'],
  ])('rejects %s as invalid_event', (_label, value) => {
    const result = classify(value);
    expect(codeOf(result)).toBe('invalid_event');
    expect(!result.ok && result.deadLetter.message.length).toBeGreaterThan(0);
  });

  it('accepts 256 characters (code points, so emoji count once) and a 63-character type', () => {
    const value = Buffer.from(
      JSON.stringify({ ...base, user_id: '😀'.repeat(256), type: `a${'b'.repeat(62)}` }),
    );
    expect(codeOf(classifyRecord(value, NOW, context({ ...LIMITS, maxEventBytes: 65_536 })))).toBe('ok');
    const tooLong = Buffer.from(JSON.stringify({ ...base, user_id: '😀'.repeat(257) }));
    expect(codeOf(classifyRecord(tooLong, NOW, context({ ...LIMITS, maxEventBytes: 65_536 })))).toBe(
      'invalid_event',
    );
  });

  it.each([
    ['not JSON', Buffer.from('{"event_id": ')],
    ['empty', Buffer.alloc(0)],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
  ])('rejects a value that is %s as invalid_json', (_label, value) => {
    expect(codeOf(classifyRecord(value, NOW, context()))).toBe('invalid_json');
  });

  it('rejects a null value (tombstone) as invalid_json', () => {
    expect(codeOf(classifyRecord(null, NOW, context()))).toBe('invalid_json');
  });

  it('rejects a value over MAX_EVENT_BYTES as too_large, before parsing it', () => {
    const big = Buffer.from(JSON.stringify({ ...base, padding: 'x'.repeat(LIMITS.maxEventBytes) }));
    expect(codeOf(classifyRecord(big, NOW, context()))).toBe('too_large');
    expect(codeOf(classifyRecord(Buffer.alloc(LIMITS.maxEventBytes + 1, 0xff), NOW, context()))).toBe(
      'too_large',
    );
  });

  it('accepts the edges of the time window and rejects what lies beyond as timestamp_out_of_range', () => {
    const oldest = NOW - 400 * 86_400_000;
    const newest = NOW + 86_400_000;
    expect(codeOf(classify({ ...base, timestamp: oldest }))).toBe('ok');
    expect(codeOf(classify({ ...base, timestamp: newest }))).toBe('ok');
    expect(codeOf(classify({ ...base, timestamp: oldest - 1 }))).toBe('timestamp_out_of_range');
    expect(codeOf(classify({ ...base, timestamp: newest + 1 }))).toBe('timestamp_out_of_range');
    expect(codeOf(classify({ ...base, timestamp: '2020-01-01T00:00:00+05:45' }))).toBe(
      'timestamp_out_of_range',
    );
  });

  it('takes 0000-02-29, a leap day that Date.parse reads, as a day that exists', () => {
    expect(codeOf(classify({ ...base, timestamp: '0000-02-29T10:00:00Z' }))).toBe('timestamp_out_of_range');
    expect(codeOf(classify({ ...base, timestamp: '0001-02-29T10:00:00Z' }))).toBe('invalid_event');
  });

  it.each([
    ['the largest safe integer', Number.MAX_SAFE_INTEGER],
    ['one past the earliest Date', -8_640_000_000_000_001],
    ['the last Date', 8_640_000_000_000_000],
    ['a year past Date, expanded ISO', '+275761-01-01T00:00:00Z'],
    ['a year before Date, expanded ISO', '-271822-01-01T00:00:00+02:00'],
    ['the last ISO instant of Date shifted by its zone', '+275760-09-13T00:00:00-01:00'],
  ])(
    'dead-letters a timestamp beyond what Date holds (%s) as timestamp_out_of_range',
    (_label, timestamp) => {
      const result = classify({ ...base, timestamp });
      expect(result).toMatchObject({ ok: false, deadLetter: { code: 'timestamp_out_of_range' } });
      expect(!result.ok && result.deadLetter.message).toContain(String(timestamp));
    },
  );

  it('refuses instants near the ends of Date even when MAX_EVENT_AGE_DAYS reaches them, so dating never throws', () => {
    const forever = { ...LIMITS, maxEventAgeDays: 1_000_000_000 };
    const at = (timestamp: number | string) =>
      codeOf(classifyRecord(Buffer.from(JSON.stringify({ ...base, timestamp })), NOW, context(forever)));
    expect(at(-8_640_000_000_000_000)).toBe('timestamp_out_of_range');
    expect(at('-271821-04-20T00:00:00Z')).toBe('timestamp_out_of_range');
    const earliest = classifyRecord(
      Buffer.from(JSON.stringify({ ...base, timestamp: -8_640_000_000_000_000 + 2 * 86_400_000 })),
      NOW,
      context(forever),
    );
    if (!earliest.ok) throw new Error('expected the earliest accepted instant to be valid');
    const zones = new Map([[PROJECT, 'Pacific/Kiritimati']]);
    expect(() => dateEvents([earliest.event], zones, new LocalDateResolver())).not.toThrow();
    expect(() =>
      dateEvents([earliest.event], new Map([[PROJECT, 'Etc/GMT+12']]), new LocalDateResolver()),
    ).not.toThrow();
  });

  it('reads six-digit years with a sign, and refuses -000000, which ISO-8601 does not allow', () => {
    expect(codeOf(classify({ ...base, timestamp: '+002026-06-15T10:00:00Z' }))).toBe('ok');
    expect(codeOf(classify({ ...base, timestamp: '-000000-01-01T00:00:00Z' }))).toBe('invalid_event');
  });

  it('prefers invalid_event over timestamp_out_of_range when the schema also fails', () => {
    expect(codeOf(classify({ ...base, type: 'Bad', timestamp: 0 }))).toBe('invalid_event');
  });
});

describe('a classified event, dated', () => {
  const dates = new LocalDateResolver();
  const inZone = (timeZone: string) => new Map([[PROJECT, timeZone]]);

  it('dates the event in the project zone, for ISO offsets and epoch milliseconds alike', () => {
    const iso = classify({ ...base, timestamp: '2026-06-15T23:30:00-02:00', user_id: 'u', session_id: 's' });
    const epoch = classify({ ...base, timestamp: Date.parse('2026-06-16T01:30:00Z') });
    if (!iso.ok || !epoch.ok) throw new Error('expected valid events');
    expect(iso.event.instantMs).toBe(Date.parse('2026-06-16T01:30:00Z'));
    expect(dateEvents([iso.event], inZone('UTC'), dates)).toEqual([
      {
        offset: '41',
        projectId: PROJECT,
        date: '2026-06-16',
        type: 'page_view',
        instantMs: Date.parse('2026-06-16T01:30:00Z'),
        visitorKey: keyOf('visitor', 'u'),
        sessionKey: keyOf('session', 's'),
      },
    ]);
    expect(dateEvents([iso.event], inZone('America/Los_Angeles'), dates)[0].date).toBe('2026-06-15');
    expect(dateEvents([epoch.event], inZone('Asia/Kathmandu'), dates)[0].date).toBe('2026-06-16');
    expect(dateEvents([epoch.event], inZone('America/New_York'), dates)[0].date).toBe('2026-06-15');
  });
});
describe('classifyCutValue', () => {
  const limits = { maxEventBytes: 1_000, maxEventAgeDays: 400 };
  it('dead-letters a value the consumer holds only part of as too_large, saying why', () => {
    expect(classifyCutValue(5_000, limits)).toEqual({
      ok: false,
      deadLetter: { code: 'too_large', message: 'value is 5000 bytes, over MAX_EVENT_BYTES=1000' },
    });
    expect(classifyCutValue(200, limits)).toMatchObject({
      ok: false,
      deadLetter: {
        code: 'too_large',
        message: expect.stringContaining('past what its batch may inflate to'),
      },
    });
  });
});
