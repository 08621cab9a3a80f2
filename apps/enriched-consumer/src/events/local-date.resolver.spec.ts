import { LocalDateResolver } from './local-date.resolver';

const at = (iso: string) => Date.parse(iso);

describe('LocalDateResolver', () => {
  const dates = new LocalDateResolver();

  it.each([
    // [instant, zone, local date]
    ['2026-03-01T00:00:00Z', 'UTC', '2026-03-01'],
    ['2026-02-28T23:59:59.999Z', 'UTC', '2026-02-28'],
    // Leap day, both sides of midnight.
    ['2028-02-29T00:00:00Z', 'UTC', '2028-02-29'],
    ['2028-02-29T23:59:59.999Z', 'UTC', '2028-02-29'],
    ['2028-02-29T23:00:00Z', 'Europe/Berlin', '2028-03-01'],
    ['2028-02-28T23:00:00Z', 'Europe/Berlin', '2028-02-29'],
    // Midnight exactly belongs to the new day; a millisecond before does not.
    ['2026-06-30T22:00:00Z', 'Europe/Berlin', '2026-07-01'],
    ['2026-06-30T21:59:59.999Z', 'Europe/Berlin', '2026-06-30'],
    ['2026-01-01T05:00:00Z', 'America/New_York', '2026-01-01'],
    ['2026-01-01T04:59:59.999Z', 'America/New_York', '2025-12-31'],
    // Kathmandu is +05:45 all year.
    ['2026-05-10T18:15:00Z', 'Asia/Kathmandu', '2026-05-11'],
    ['2026-05-10T18:14:59.999Z', 'Asia/Kathmandu', '2026-05-10'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(dates.localDate(at(instant), zone)).toBe(expected);
  });

  it('follows DST in New York (UTC-5 in winter, UTC-4 in summer)', () => {
    // 2026-03-08 02:00 EST -> 03:00 EDT at 07:00Z; 2026-11-01 02:00 EDT -> 01:00 EST at 06:00Z.
    expect(dates.localDate(at('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08');
    expect(dates.localDate(at('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
    expect(dates.localDate(at('2026-11-01T03:59:59Z'), 'America/New_York')).toBe('2026-10-31');
    expect(dates.localDate(at('2026-11-01T04:00:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(dates.localDate(at('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('2026-11-01');
    expect(dates.localDate(at('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
  });

  it('handles quarter-hour offsets under DST (Chatham, +13:45 in southern summer)', () => {
    expect(dates.localDate(at('2026-04-04T10:14:59Z'), 'Pacific/Chatham')).toBe('2026-04-04');
    expect(dates.localDate(at('2026-04-04T10:15:00Z'), 'Pacific/Chatham')).toBe('2026-04-05');
  });

  it('handles Lord Howe, whose DST shift is 30 minutes and falls at :30 UTC', () => {
    // Standard time +10:30, DST +11:00. DST starts 2026-10-04 02:00 local = 2026-10-03T15:30Z.
    // Local midnight of Oct 4 is 2026-10-03T13:30Z (still +10:30).
    expect(dates.localDate(at('2026-10-03T13:29:59Z'), 'Australia/Lord_Howe')).toBe('2026-10-03');
    expect(dates.localDate(at('2026-10-03T13:30:00Z'), 'Australia/Lord_Howe')).toBe('2026-10-04');
    // Midnight of Oct 5 is under DST (+11:00): 2026-10-04T13:00Z, not 13:30Z.
    expect(dates.localDate(at('2026-10-04T12:59:59Z'), 'Australia/Lord_Howe')).toBe('2026-10-04');
    expect(dates.localDate(at('2026-10-04T13:00:00Z'), 'Australia/Lord_Howe')).toBe('2026-10-05');
    // DST ends 2026-04-05 02:00 local (+11:00) = 2026-04-04T15:00Z; midnight of Apr 5 was 2026-04-04T13:00Z
    // and midnight of Apr 6 is under standard time: 2026-04-05T13:30Z.
    expect(dates.localDate(at('2026-04-04T12:59:59Z'), 'Australia/Lord_Howe')).toBe('2026-04-04');
    expect(dates.localDate(at('2026-04-04T13:00:00Z'), 'Australia/Lord_Howe')).toBe('2026-04-05');
    expect(dates.localDate(at('2026-04-05T13:29:59Z'), 'Australia/Lord_Howe')).toBe('2026-04-05');
    expect(dates.localDate(at('2026-04-05T13:30:00Z'), 'Australia/Lord_Howe')).toBe('2026-04-06');
  });

  it('gives the same answer as Intl for every 7 minutes around the spring and autumn transitions', () => {
    const zones = [
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/New_York',
      'Europe/London',
      'Pacific/Chatham',
    ];
    const formats = new Map(
      zones.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-CA', { timeZone })]),
    );
    const reference = (ms: number, timeZone: string) => formats.get(timeZone)?.format(ms);
    const fresh = new LocalDateResolver();
    const mismatches: string[] = [];
    for (const zone of zones) {
      for (let ms = at('2026-03-01T00:00:00Z'); ms < at('2026-04-15T00:00:00Z'); ms += 7 * 60_000 + 13_001) {
        if (fresh.localDate(ms, zone) !== reference(ms, zone))
          mismatches.push(`${zone} ${new Date(ms).toISOString()}`);
      }
      for (let ms = at('2026-09-25T00:00:00Z'); ms < at('2026-11-10T00:00:00Z'); ms += 7 * 60_000 + 13_001) {
        if (fresh.localDate(ms, zone) !== reference(ms, zone))
          mismatches.push(`${zone} ${new Date(ms).toISOString()}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects a zone Intl does not know', () => {
    expect(() => dates.localDate(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
