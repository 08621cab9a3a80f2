import { bucketOfDayOffset, dateBuckets } from './date-buckets.util';

const starts = (from: string, to: string, g: 'day' | 'week' | 'month') =>
  dateBuckets(from, to, g).map((b) => b.start);

describe('dateBuckets', () => {
  it('gives one bucket per day, across a leap day and a year end', () => {
    expect(starts('2028-02-27', '2028-03-01', 'day')).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
    expect(starts('2026-12-30', '2027-01-02', 'day')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('cuts ISO weeks on Mondays and clips the first and last week to the range', () => {
    // 2026-11-04 is a Wednesday, 2026-11-18 a Wednesday.
    expect(dateBuckets('2026-11-04', '2026-11-18', 'week')).toEqual([
      { start: '2026-11-04', end: '2026-11-08' },
      { start: '2026-11-09', end: '2026-11-15' },
      { start: '2026-11-16', end: '2026-11-18' },
    ]);
  });

  it('keeps an ISO week whole across a year end', () => {
    // 2026-12-28 is a Monday: its week runs to Sunday 2027-01-03.
    expect(dateBuckets('2026-12-24', '2027-01-05', 'week')).toEqual([
      { start: '2026-12-24', end: '2026-12-27' },
      { start: '2026-12-28', end: '2027-01-03' },
      { start: '2027-01-04', end: '2027-01-05' },
    ]);
  });

  it('cuts calendar months, clipped, with February of a leap year', () => {
    expect(dateBuckets('2028-01-15', '2028-03-10', 'month')).toEqual([
      { start: '2028-01-15', end: '2028-01-31' },
      { start: '2028-02-01', end: '2028-02-29' },
      { start: '2028-03-01', end: '2028-03-10' },
    ]);
    expect(starts('2026-11-20', '2027-02-03', 'month')).toEqual([
      '2026-11-20',
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
    ]);
  });

  it('gives a single clipped bucket for a one-day range at every granularity', () => {
    for (const g of ['day', 'week', 'month'] as const) {
      expect(dateBuckets('2026-11-11', '2026-11-11', g)).toEqual([
        { start: '2026-11-11', end: '2026-11-11' },
      ]);
    }
  });

  it('does not depend on the machine time zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(starts('2026-11-01', '2026-11-03', 'day')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    } finally {
      process.env.TZ = zone;
    }
  });
});

describe('bucketOfDayOffset', () => {
  it('maps each day of the range to its bucket', () => {
    // Wed 2026-11-04 .. Wed 2026-11-18: 5 days, 7 days, 3 days.
    expect([...bucketOfDayOffset(dateBuckets('2026-11-04', '2026-11-18', 'week'))]).toEqual([
      0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2,
    ]);
    expect([...bucketOfDayOffset(dateBuckets('2026-12-30', '2027-01-02', 'day'))]).toEqual([0, 1, 2, 3]);
  });
});
