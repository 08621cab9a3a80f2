import { defaultSelection, pickerOptions } from './metric-selection';

describe('metric selection', () => {
  it('shows the KPIs that have data by default', () => {
    expect(defaultSelection(['click', 'page_view', 'sessions', 'total_events', 'unique_users'])).toEqual([
      'total_events',
      'unique_users',
      'sessions',
    ]);
  });

  it('falls back to the first names with data, then to the KPIs (zeros) for an empty range', () => {
    expect(defaultSelection(['a', 'b', 'c', 'd', 'e'])).toEqual(['a', 'b', 'c', 'd']);
    expect(defaultSelection([])).toEqual(['total_events', 'total_pageviews', 'unique_users', 'sessions']);
  });

  it('offers the visits and their ratios right after the KPIs, before the event types', () => {
    expect(
      pickerOptions(
        ['bounce_rate', 'bounces', 'click', 'sessions', 'views_per_visit', 'visit_duration', 'visits'],
        [],
      ),
    ).toEqual(['sessions', 'visits', 'bounce_rate', 'visit_duration', 'views_per_visit', 'bounces', 'click']);
  });

  it('offers KPIs first, then the other names sorted, including selected names without data', () => {
    expect(pickerOptions(['signup', 'click', 'total_events'], ['unique_users', 'zzz_old'])).toEqual([
      'total_events',
      'unique_users',
      'click',
      'signup',
      'zzz_old',
    ]);
  });
});
