import { distinctKey } from './distinct-key.hash';
import { dateEvents } from './dated-events.mapper';
import { LocalDateResolver } from './local-date.resolver';
import { classifyRecord } from './record.classifier';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const LIMITS = { maxEventBytes: 1_000, maxEventAgeDays: 400 };
const PROJECT = '6f1c2a7e-0000-4000-8000-000000000001';
const base = {
  event_id: '0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71',
  project_id: PROJECT,
  type: 'page_view',
  timestamp: '2026-06-15T10:00:00Z',
};

function validated(fields: Record<string, unknown>) {
  const result = classifyRecord(Buffer.from(JSON.stringify({ ...base, ...fields })), NOW, LIMITS, '41');
  if (!result.ok) throw new Error('expected a valid event');
  return result.event;
}

const zones = (timeZone: string) => new Map([[PROJECT, timeZone]]);

describe('dateEvents', () => {
  const dates = new LocalDateResolver();

  it('dates the event in the project zone, for ISO offsets and epoch milliseconds alike', () => {
    const iso = validated({ timestamp: '2026-06-15T23:30:00-02:00', user_id: 'u', session_id: 's' });
    const epoch = validated({ timestamp: Date.parse('2026-06-16T01:30:00Z') });
    expect(iso.instantMs).toBe(Date.parse('2026-06-16T01:30:00Z'));
    expect(dateEvents([iso], zones('UTC'), dates)).toEqual([
      {
        offset: '41',
        projectId: PROJECT,
        date: '2026-06-16',
        type: 'page_view',
        visitorKey: distinctKey('u'),
        sessionKey: distinctKey('s'),
      },
    ]);
    expect(dateEvents([iso], zones('America/Los_Angeles'), dates)[0].date).toBe('2026-06-15');
    expect(dateEvents([epoch], zones('Asia/Kathmandu'), dates)[0].date).toBe('2026-06-16');
    expect(dateEvents([epoch], zones('America/New_York'), dates)[0].date).toBe('2026-06-15');
  });

  it('takes UTC for a project without a zone, and leaves the validated events as they were', () => {
    const event = validated({ timestamp: '2026-06-15T23:30:00-02:00' });
    const before = { ...event };
    expect(dateEvents([event, event], new Map(), dates).map((counted) => counted.date)).toEqual([
      '2026-06-16',
      '2026-06-16',
    ]);
    expect(event).toEqual(before);
  });
});
