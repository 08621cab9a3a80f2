import { VISIT_METRICS, type VisitMetric } from '@metrics-store/metrics-contract';

/**
 * The visit metrics of one session (docs/events.md): a session is every event of a project with its session
 * id, whatever their dates; its visit counts on the local date of its earliest event known so far. Pure: the
 * flush reads the stored states, this works out the new states and what they change in the daily counters,
 * and the SQL only applies that.
 */

/** What is stored of a session. Instants in epoch ms, dates YYYY-MM-DD (project-local). */
export interface SessionState {
  startedAt: number;
  endedAt: number;
  /** The local date of the earliest event: the visit's date. */
  startDate: string;
  /** The local date of the latest event: how long the state is kept (DISTINCT_KEY_RETENTION_DAYS). */
  endDate: string;
  events: number;
  pageviews: number;
}

/** A session's events in one batch: what they add to its state. */
export interface SessionActivity {
  firstAt: number;
  firstDate: string;
  lastAt: number;
  lastDate: string;
  events: number;
  pageviews: number;
}

/** A change of one daily visit metric. */
export interface VisitDelta {
  date: string;
  metric: VisitMetric;
  value: number;
}

/**
 * The session after `activity`: an earlier first event moves its start (and its date), a later last event
 * its end; an event at the same instant as the stored start or end changes neither, whatever its date.
 */
export function mergeSession(before: SessionState | null, activity: SessionActivity): SessionState {
  if (before === null) {
    return {
      startedAt: activity.firstAt,
      endedAt: activity.lastAt,
      startDate: activity.firstDate,
      endDate: activity.lastDate,
      events: activity.events,
      pageviews: activity.pageviews,
    };
  }
  const earlier = activity.firstAt < before.startedAt;
  const later = activity.lastAt > before.endedAt;
  return {
    startedAt: earlier ? activity.firstAt : before.startedAt,
    startDate: earlier ? activity.firstDate : before.startDate,
    endedAt: later ? activity.lastAt : before.endedAt,
    endDate: later ? activity.lastDate : before.endDate,
    events: before.events + activity.events,
    pageviews: before.pageviews + activity.pageviews,
  };
}

/** What one session contributes to one visit metric of its start date. */
function contribution(state: SessionState, metric: VisitMetric): number {
  switch (metric) {
    case 'visits':
      return 1;
    case 'bounces':
      return state.events === 1 && state.pageviews === 1 ? 1 : 0;
    case 'visit_duration_ms':
      return state.endedAt - state.startedAt;
    case 'visit_pageviews':
      return state.pageviews;
  }
}

/**
 * What the change of one session from `before` (null: new) to `after` does to the daily visit metrics, handed
 * to `add` delta by delta: its contribution leaves the old start date and arrives on the new one (the same
 * date, most of the time, where only the differences remain). Deltas of zero are left out. Allocates nothing:
 * a flush calls it for every session it touches.
 */
export function forEachVisitDelta(
  before: SessionState | null,
  after: SessionState,
  add: (date: string, metric: VisitMetric, value: number) => void,
): void {
  if (before !== null && before.startDate === after.startDate) {
    for (const metric of VISIT_METRICS) {
      const value = contribution(after, metric) - contribution(before, metric);
      if (value !== 0) add(after.startDate, metric, value);
    }
    return;
  }
  if (before !== null)
    for (const metric of VISIT_METRICS) {
      const value = contribution(before, metric);
      if (value !== 0) add(before.startDate, metric, -value);
    }
  for (const metric of VISIT_METRICS) {
    const value = contribution(after, metric);
    if (value !== 0) add(after.startDate, metric, value);
  }
}

/** The deltas of forEachVisitDelta as a list: the old start date's first. */
export function visitDeltas(before: SessionState | null, after: SessionState): VisitDelta[] {
  const deltas: VisitDelta[] = [];
  forEachVisitDelta(before, after, (date, metric, value) => deltas.push({ date, metric, value }));
  return deltas;
}
