import { chartDescription, estimateNote, formatTotal } from './metric-text.format';

describe('metric text', () => {
  it('marks an estimated total in words, not only by colour', () => {
    expect(formatTotal(12345, true, 'count', 'en-US')).toBe('12,345');
    expect(formatTotal(12345, false, 'count', 'en-US')).toBe('≈ 12,345');
    expect(formatTotal(0.4127, true, 'fraction', 'en-US')).toBe('41.27%');
    expect(formatTotal(null, true, 'seconds', 'en-US')).toBe('–');
    expect(estimateNote(12345, 'en-US')).toContain('0.81 %, about ± 100 on this total');
  });

  it('describes a chart for those who cannot see it', () => {
    const series = [
      { start: '2026-11-02', value: 5 },
      { start: '2026-11-09', value: 0 },
      { start: '2026-11-16', value: 1200 },
    ];
    expect(chartDescription('Unique users', 'week', series, false, 'count', 'en-US')).toBe(
      'Unique users by week, 3 weeks from 2026-11-02 to 2026-11-16; highest 1,200 on 2026-11-16; ' +
        'lowest 0 on 2026-11-09. Some values are estimates.',
    );
    expect(
      chartDescription('click', 'day', [{ start: '2026-11-02', value: 3 }], true, 'count', 'en-US'),
    ).toBe(
      'click by day, 1 day from 2026-11-02 to 2026-11-02; highest 3 on 2026-11-02; lowest 3 on 2026-11-02.',
    );
  });

  it('describes a ratio in its unit, leaving out the buckets without visits', () => {
    const series = [
      { start: '2026-11-02', value: 0.25 },
      { start: '2026-11-03', value: null },
      { start: '2026-11-04', value: 0.5 },
    ];
    expect(chartDescription('Bounce rate', 'day', series, true, 'fraction', 'en-US')).toBe(
      'Bounce rate by day, 3 days from 2026-11-02 to 2026-11-04; highest 50% on 2026-11-04; ' +
        'lowest 25% on 2026-11-02; no value in 1 day without visits.',
    );
    const none = series.map((point) => ({ ...point, value: null }));
    expect(chartDescription('Visit duration', 'day', none, true, 'seconds', 'en-US')).toBe(
      'Visit duration by day, 3 days from 2026-11-02 to 2026-11-04; no value: no day had a visit.',
    );
  });
});
