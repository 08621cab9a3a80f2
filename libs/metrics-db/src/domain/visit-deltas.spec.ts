import { mergeSession, visitDeltas, type SessionActivity, type SessionState } from './visit-deltas';

const T0 = Date.UTC(2026, 10, 2, 23, 50);
const MINUTE = 60_000;

/** The events of one batch: [instant, date, page view?] each. */
function activity(...events: [number, string, boolean][]): SessionActivity {
  const sorted = [...events].sort((a, b) => a[0] - b[0]);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  return {
    firstAt: first[0],
    firstDate: first[1],
    lastAt: last[0],
    lastDate: last[1],
    events: events.length,
    pageviews: events.filter(([, , pageview]) => pageview).length,
  };
}

/** The deltas as `date metric value`, sorted. */
const deltasOf = (before: SessionState | null, batch: SessionActivity) =>
  visitDeltas(before, mergeSession(before, batch))
    .map((d) => `${d.date} ${d.metric} ${d.value}`)
    .sort();

describe('mergeSession and visitDeltas', () => {
  it('counts a new session of one page view as a visit that bounced', () => {
    expect(deltasOf(null, activity([T0, '2026-11-02', true]))).toEqual([
      '2026-11-02 bounces 1',
      '2026-11-02 visit_pageviews 1',
      '2026-11-02 visits 1',
    ]);
  });

  it('does not count a single event that is not a page view as a bounce', () => {
    expect(deltasOf(null, activity([T0, '2026-11-02', false]))).toEqual(['2026-11-02 visits 1']);
  });

  it('counts a new session of several events with its duration and page views', () => {
    expect(
      deltasOf(null, activity([T0, '2026-11-02', true], [T0 + 3 * MINUTE, '2026-11-02', false])),
    ).toEqual(['2026-11-02 visit_duration_ms 180000', '2026-11-02 visit_pageviews 1', '2026-11-02 visits 1']);
  });

  it('takes back the bounce of a one-page-view visit when its second event comes, and lengthens it', () => {
    const before = mergeSession(null, activity([T0, '2026-11-02', true]));
    expect(deltasOf(before, activity([T0 + MINUTE, '2026-11-02', false]))).toEqual([
      '2026-11-02 bounces -1',
      '2026-11-02 visit_duration_ms 60000',
    ]);
  });

  it('counts a later page view in the visit, on its start date, even across midnight', () => {
    const before = mergeSession(null, activity([T0, '2026-11-02', true], [T0 + MINUTE, '2026-11-02', true]));
    // 20 minutes after the start is past midnight: the visit stays on 11-02.
    expect(deltasOf(before, activity([T0 + 20 * MINUTE, '2026-11-03', true]))).toEqual([
      '2026-11-02 visit_duration_ms 1140000',
      '2026-11-02 visit_pageviews 1',
    ]);
    expect(mergeSession(before, activity([T0 + 20 * MINUTE, '2026-11-03', true]))).toMatchObject({
      startDate: '2026-11-02',
      endDate: '2026-11-03',
    });
  });

  it('moves the whole visit, bounce, duration and page views, to the date of a late earlier event', () => {
    // A visit of one page view on 11-03; a late event of that session from 11-02 arrives.
    const before = mergeSession(null, activity([T0 + 20 * MINUTE, '2026-11-03', true]));
    expect(deltasOf(before, activity([T0, '2026-11-02', false]))).toEqual([
      '2026-11-02 visit_duration_ms 1200000',
      '2026-11-02 visit_pageviews 1',
      '2026-11-02 visits 1',
      '2026-11-03 bounces -1',
      '2026-11-03 visit_pageviews -1',
      '2026-11-03 visits -1',
    ]);
  });

  it('changes nothing but the counts for an event inside the visit, and nothing at all for its page view count of 0', () => {
    const before = mergeSession(
      null,
      activity([T0, '2026-11-02', false], [T0 + 2 * MINUTE, '2026-11-02', false]),
    );
    expect(deltasOf(before, activity([T0 + MINUTE, '2026-11-02', false]))).toEqual([]);
    expect(mergeSession(before, activity([T0 + MINUTE, '2026-11-02', false])).events).toBe(3);
  });

  it('keeps start and end at an event with the same instant, whatever its date (a zone changed meanwhile)', () => {
    const before = mergeSession(null, activity([T0, '2026-11-02', true]));
    const after = mergeSession(before, activity([T0, '2026-11-03', true]));
    expect(after).toEqual({ ...before, events: 2, pageviews: 2 });
    // Two page views at the same instant: no longer a bounce, no duration.
    expect(visitDeltas(before, after).map((d) => `${d.metric} ${d.value}`)).toEqual([
      'bounces -1',
      'visit_pageviews 1',
    ]);
  });

  it('counts the events of one batch together: two page views at one instant are one visit of 0 ms, no bounce', () => {
    expect(deltasOf(null, activity([T0, '2026-11-02', true], [T0, '2026-11-02', true]))).toEqual([
      '2026-11-02 visit_pageviews 2',
      '2026-11-02 visits 1',
    ]);
  });

  it('sums to the visit of all events, whatever the order and the batches they come in', () => {
    const events: [number, string, boolean][] = [
      [T0 + 5 * MINUTE, '2026-11-02', true],
      [T0 + 30 * MINUTE, '2026-11-03', false],
      [T0 - 10 * MINUTE, '2026-11-02', true],
      [T0 + 12 * MINUTE, '2026-11-03', true],
    ];
    const totals = new Map<string, number>();
    let state: SessionState | null = null;
    for (const event of events) {
      const after = mergeSession(state, activity(event));
      for (const d of visitDeltas(state, after))
        totals.set(`${d.date} ${d.metric}`, (totals.get(`${d.date} ${d.metric}`) ?? 0) + d.value);
      state = after;
    }
    expect([...totals].filter(([, v]) => v !== 0).sort()).toEqual(
      [
        ['2026-11-02 visit_duration_ms', 40 * MINUTE],
        ['2026-11-02 visit_pageviews', 3],
        ['2026-11-02 visits', 1],
      ].sort(),
    );
    expect(deltasOf(null, activity(...events))).toEqual([
      `2026-11-02 visit_duration_ms ${40 * MINUTE}`,
      '2026-11-02 visit_pageviews 3',
      '2026-11-02 visits 1',
    ]);
  });
});
