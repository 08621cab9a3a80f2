import { dateEvents } from './dated-events.mapper';
import { LocalDateResolver } from './local-date.resolver';
import type { ValidatedEvent } from './record.classifier';

const PROJECT = '6f1c2a7e-0000-4000-8000-000000000001';

const validated = (instant: string, keys: Partial<ValidatedEvent> = {}): ValidatedEvent => ({
  offset: '41',
  projectId: PROJECT,
  eventId: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
  type: 'page_view',
  instantMs: Date.parse(instant),
  visitorKey: null,
  sessionKey: null,
  ...keys,
});

describe('dateEvents', () => {
  const dates = new LocalDateResolver();

  it('dates each event in its own project zone, in the order given, keeping what is counted of it', () => {
    const OTHER = '6f1c2a7e-0000-4000-8000-000000000002';
    // 01:30Z is still the 15th in Los Angeles, already the 16th in Kathmandu.
    const first = validated('2026-06-16T01:30:00Z', { visitorKey: 7n, sessionKey: -3n });
    const second = { ...validated('2026-06-16T01:30:00Z'), offset: '42', projectId: OTHER };
    const zones = new Map([
      [PROJECT, 'America/Los_Angeles'],
      [OTHER, 'Asia/Kathmandu'],
    ]);
    expect(dateEvents([first, second], zones, dates)).toEqual([
      {
        offset: '41',
        projectId: PROJECT,
        date: '2026-06-15',
        type: 'page_view',
        instantMs: Date.parse('2026-06-16T01:30:00Z'),
        visitorKey: 7n,
        sessionKey: -3n,
      },
      {
        offset: '42',
        projectId: OTHER,
        date: '2026-06-16',
        type: 'page_view',
        instantMs: Date.parse('2026-06-16T01:30:00Z'),
        visitorKey: null,
        sessionKey: null,
      },
    ]);
  });

  it('takes UTC for a project without a zone, and leaves the validated events as they were', () => {
    const event = validated('2026-06-16T01:30:00Z');
    const before = { ...event };
    expect(dateEvents([event, event], new Map(), dates).map((counted) => counted.date)).toEqual([
      '2026-06-16',
      '2026-06-16',
    ]);
    expect(event).toEqual(before);
  });
});
