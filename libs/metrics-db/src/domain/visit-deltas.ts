import type { VisitMetric } from '@metrics-store/metrics-contract';

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

/** What one session contributes to the visit metrics of its start date. */
function contribution(state: SessionState): Record<VisitMetric, number> {
  return {
    visits: 1,
    bounces: state.events === 1 && state.pageviews === 1 ? 1 : 0,
    visit_duration_ms: state.endedAt - state.startedAt,
    visit_pageviews: state.pageviews,
  };
}

/**
 * What the change of one session from `before` (null: new) to `after` does to the daily visit metrics: its
 * contribution leaves the old start date and arrives on the new one (the same date, most of the time, where
 * only the differences remain). Deltas of zero are left out.
 */
export function visitDeltas(before: SessionState | null, after: SessionState): VisitDelta[] {
  const deltas = new Map<string, VisitDelta>();
  const add = (date: string, values: Record<VisitMetric, number>, sign: number) => {
    for (const metric of Object.keys(values) as VisitMetric[]) {
      const key = `${date} ${metric}`;
      const delta = deltas.get(key) ?? { date, metric, value: 0 };
      delta.value += sign * values[metric];
      deltas.set(key, delta);
    }
  };
  if (before !== null) add(before.startDate, contribution(before), -1);
  add(after.startDate, contribution(after), 1);
  return [...deltas.values()].filter((delta) => delta.value !== 0);
}
