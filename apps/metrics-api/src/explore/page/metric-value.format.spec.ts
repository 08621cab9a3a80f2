import { formatDuration, formatTick, formatValue, valueKindOf } from './metric-value.format';

describe('metric values', () => {
  it('knows the derived ratios by name; every other metric is a count', () => {
    expect(
      ['bounce_rate', 'visit_duration', 'views_per_visit', 'visits', 'page_view'].map(valueKindOf),
    ).toEqual(['fraction', 'seconds', 'ratio', 'count', 'count']);
  });

  it('writes a bounce rate as a percentage, a visit duration in minutes and seconds, views per visit as a ratio', () => {
    expect(formatValue(0.4167, 'fraction', 'en-US')).toBe('41.67%');
    expect(formatValue(0.5, 'fraction', 'en-US')).toBe('50%');
    expect(formatValue(1, 'fraction', 'en-US')).toBe('100%');
    expect(formatValue(83.4, 'seconds', 'en-US')).toBe('1 m 23 s');
    expect(formatValue(2.25, 'ratio', 'en-US')).toBe('2.25');
    expect(formatValue(3, 'ratio', 'en-US')).toBe('3');
    expect(formatValue(12345, 'count', 'en-US')).toBe('12,345');
  });

  it('writes none as a dash, never as a zero', () => {
    for (const kind of ['count', 'fraction', 'seconds', 'ratio'] as const) {
      expect(formatValue(null, kind, 'en-US')).toBe('–');
    }
    expect(formatValue(0, 'fraction', 'en-US')).toBe('0%');
  });

  it('writes durations in seconds under a minute, minutes and seconds under an hour, hours and minutes above', () => {
    expect(formatDuration(0, 'en-US')).toBe('0 s');
    expect(formatDuration(42.5, 'en-US')).toBe('42.5 s');
    expect(formatDuration(59.9, 'en-US')).toBe('59.9 s');
    expect(formatDuration(59.96, 'en-US')).toBe('1 m 0 s');
    expect(formatDuration(60, 'en-US')).toBe('1 m 0 s');
    expect(formatDuration(3599.4, 'en-US')).toBe('59 m 59 s');
    expect(formatDuration(3599.6, 'en-US')).toBe('1 h 00 m');
    expect(formatDuration(3725, 'en-US')).toBe('1 h 02 m');
    expect(formatDuration(1234.5, 'de-DE')).toBe('20 m 35 s');
    expect(formatDuration(2.5, 'de-DE')).toBe('2,5 s');
  });

  it('labels chart axes in the unit of the metric', () => {
    expect(formatTick(0.25, 'fraction', 'en-US')).toBe('25%');
    expect(formatTick(90, 'seconds', 'en-US')).toBe('1 m 30 s');
    expect(formatTick(1.5, 'ratio', 'en-US')).toBe('1.5');
    expect(formatTick(12_000, 'count', 'en-US')).toBe('12K');
  });
});
