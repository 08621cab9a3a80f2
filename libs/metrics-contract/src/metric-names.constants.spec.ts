import {
  DERIVED_METRICS,
  DISTINCT_METRICS,
  EVENT_TYPE_PATTERN,
  isDerivedName,
  isKpiName,
  isReservedName,
  KPI_METRICS,
  PAGEVIEW_TYPES,
  RESERVED_METRICS,
  VISIT_METRICS,
} from './metric-names.constants';

describe('metric names', () => {
  it('knows the four KPI names and nothing else as KPIs', () => {
    expect(KPI_METRICS.every(isKpiName)).toBe(true);
    for (const name of ['page_view', 'total', 'session', 'unique_user', 'Total_events', '']) {
      expect(isKpiName(name)).toBe(false);
    }
  });

  it('gives every KPI name the event-type pattern, so that a metrics list can mix both', () => {
    expect(KPI_METRICS.filter((name) => !EVENT_TYPE_PATTERN.test(name))).toEqual([]);
    expect(DISTINCT_METRICS.every(isKpiName)).toBe(true);
  });

  it('reserves the four KPI names, the four visit metrics and the three derived ratios, and nothing else', () => {
    expect([...RESERVED_METRICS].sort()).toEqual([
      'bounce_rate',
      'bounces',
      'sessions',
      'total_events',
      'total_pageviews',
      'unique_users',
      'views_per_visit',
      'visit_duration',
      'visit_duration_ms',
      'visit_pageviews',
      'visits',
    ]);
    expect(RESERVED_METRICS.every(isReservedName)).toBe(true);
    expect(RESERVED_METRICS.filter((name) => !EVENT_TYPE_PATTERN.test(name))).toEqual([]);
    for (const name of ['page_view', 'visit', 'bounce', 'duration', 'Visits', 'visits_', '']) {
      expect(isReservedName(name)).toBe(false);
    }
  });

  it('tells the derived ratios apart from the stored visit metrics', () => {
    expect(DERIVED_METRICS.every(isDerivedName)).toBe(true);
    expect(VISIT_METRICS.some(isDerivedName)).toBe(false);
    expect(KPI_METRICS.some(isDerivedName)).toBe(false);
  });

  it('takes 1 to 63 characters, a lower-case letter first', () => {
    for (const ok of ['a', 'page_view', 'a1', `a${'b'.repeat(62)}`])
      expect(EVENT_TYPE_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', '1a', '_a', 'A', 'a-b', 'a b', `a${'b'.repeat(63)}`]) {
      expect(EVENT_TYPE_PATTERN.test(bad)).toBe(false);
    }
  });

  it('counts page_view and screen_view as page views', () => {
    expect([...PAGEVIEW_TYPES].sort()).toEqual(['page_view', 'screen_view']);
  });
});
