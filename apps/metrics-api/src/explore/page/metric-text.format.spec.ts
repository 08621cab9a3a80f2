import { chartDescription, estimateNote, formatTotal } from './metric-text.format';

describe('metric text', () => {
  it('marks an estimated total in words, not only by colour', () => {
    expect(formatTotal(12345, true, 'en-US')).toBe('12,345');
    expect(formatTotal(12345, false, 'en-US')).toBe('≈ 12,345');
    expect(estimateNote(12345, 'en-US')).toContain('0.81 %, about ± 100 on this total');
  });

  it('describes a chart for those who cannot see it', () => {
    const series = [
      { start: '2026-11-02', value: 5 },
      { start: '2026-11-09', value: 0 },
      { start: '2026-11-16', value: 1200 },
    ];
    expect(chartDescription('Unique users', 'week', series, false, 'en-US')).toBe(
      'Unique users by week, 3 weeks from 2026-11-02 to 2026-11-16; highest 1,200 on 2026-11-16; ' +
        'lowest 0 on 2026-11-09. Some values are estimates.',
    );
    expect(chartDescription('click', 'day', [{ start: '2026-11-02', value: 3 }], true, 'en-US')).toBe(
      'click by day, 1 day from 2026-11-02 to 2026-11-02; highest 3 on 2026-11-02; lowest 3 on 2026-11-02.',
    );
  });
});
