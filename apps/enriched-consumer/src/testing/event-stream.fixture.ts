/**
 * Test events and their truth: what daily_metrics must hold once they are counted, computed here
 * independently of the consumer (local dates straight from Intl, distinct counts from plain string sets).
 */
import { seededRandom } from '@metrics-store/testing';

export interface TestRecord {
  key: string | Buffer | null;
  value: string | Buffer | null;
  /** The Kafka timestamp (epoch ms as text); the producer's clock unless given. */
  timestamp?: string;
  /** The valid event behind the value, absent for records meant for the DLQ. */
  event?: TestEvent;
}

export interface TestEvent {
  event_id: string;
  project_id: string;
  type: string;
  timestamp: string | number;
  user_id?: string;
  anonymous_id?: string;
  session_id?: string;
  [extra: string]: unknown;
}

/** `${project_id} ${date} ${metric_name}` -> metric_value. */
export type MetricRows = Map<string, number>;

const formatters = new Map<string, Intl.DateTimeFormat>();
function localDate(instantMs: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) formatters.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone })));
  return format.format(instantMs);
}

/** A session's events as the truth sees them: all of them at once, whatever order they came in. */
interface SessionTruth {
  first: number;
  firstDate: string;
  last: number;
  events: number;
  pageviews: number;
}

/**
 * The daily_metrics rows that exactly these events produce (docs/events.md), rows of 0 left out. The visit
 * metrics come from each whole session: its visit on the date of its earliest event.
 */
export function expectedRows(events: TestEvent[], zones: ReadonlyMap<string, string>): MetricRows {
  const rows: MetricRows = new Map();
  const sessions = new Map<string, SessionTruth>();
  const distinct = new Map<string, Set<string>>();
  const add = (key: string) => rows.set(key, (rows.get(key) ?? 0) + 1);
  const addDistinct = (key: string, id: string) => {
    let set = distinct.get(key);
    if (!set) distinct.set(key, (set = new Set()));
    set.add(id);
  };
  for (const event of events) {
    const projectId = event.project_id.toLowerCase();
    const instant = typeof event.timestamp === 'number' ? event.timestamp : Date.parse(event.timestamp);
    const day = `${projectId} ${localDate(instant, zones.get(projectId) ?? 'UTC')}`;
    add(`${day} ${event.type}`);
    add(`${day} total_events`);
    if (event.type === 'page_view' || event.type === 'screen_view') add(`${day} total_pageviews`);
    const visitor = event.user_id ?? event.anonymous_id;
    if (visitor !== undefined) addDistinct(`${day} unique_users`, visitor);
    if (event.session_id === undefined) continue;
    addDistinct(`${day} sessions`, event.session_id);
    const date = day.slice(projectId.length + 1);
    const pageview = event.type === 'page_view' || event.type === 'screen_view' ? 1 : 0;
    const key = `${projectId} ${event.session_id}`;
    const session = sessions.get(key);
    if (!session) {
      sessions.set(key, { first: instant, firstDate: date, last: instant, events: 1, pageviews: pageview });
      continue;
    }
    if (instant < session.first) Object.assign(session, { first: instant, firstDate: date });
    session.last = Math.max(session.last, instant);
    session.events += 1;
    session.pageviews += pageview;
  }
  for (const [key, set] of distinct) rows.set(key, set.size);
  const addTo = (key: string, value: number) => rows.set(key, (rows.get(key) ?? 0) + value);
  for (const [key, session] of sessions) {
    const visitDay = `${key.slice(0, key.indexOf(' '))} ${session.firstDate}`;
    addTo(`${visitDay} visits`, 1);
    addTo(`${visitDay} bounces`, session.events === 1 && session.pageviews === 1 ? 1 : 0);
    addTo(`${visitDay} visit_duration_ms`, session.last - session.first);
    addTo(`${visitDay} visit_pageviews`, session.pageviews);
  }
  for (const [key, value] of rows) if (value === 0) rows.delete(key);
  return rows;
}

export const projectId = (n: number) => `6f1c2a7e-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const eventId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const TYPES = ['page_view', 'screen_view', 'click', 'signup', 'purchase'];

/** A valid page view of project 1 timed now, the `n`th (its event id), keyed by its project. */
export function pageViewNow(n: number, fields: Partial<TestEvent> = {}): TestRecord {
  const event: TestEvent = {
    event_id: eventId(n),
    project_id: projectId(1),
    type: 'page_view',
    timestamp: new Date().toISOString(),
    ...fields,
  };
  return { key: event.project_id, value: JSON.stringify(event), event };
}

/** `count` valid events over `projects` projects and the last `days` days, keyed by project. */
export function randomStream(options: {
  count: number;
  projects: number;
  days: number;
  seed: number;
  nowMs: number;
}): TestRecord[] {
  const random = seededRandom(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const records: TestRecord[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const project = projectId(1 + pick(options.projects));
    const instant = options.nowMs - pick(options.days * 86_400_000);
    const event: TestEvent = {
      event_id: eventId(options.seed * 10_000_000 + i),
      project_id: project,
      type: TYPES[pick(TYPES.length)],
      timestamp: i % 2 === 0 ? instant : new Date(instant).toISOString(),
    };
    const visitor = pick(4);
    if (visitor === 0) event.user_id = `user-${pick(500)}`;
    else if (visitor < 3) event.anonymous_id = `anon-${pick(2_000)}`;
    if (pick(5) > 0) event.session_id = `session-${pick(3_000)}`;
    records.push({ key: project, value: JSON.stringify(event), event });
  }
  return records;
}

/**
 * Visits of known shape for `projects`: `sessions` sessions of 1 to 20 events over up to 3 hours, starting
 * over the last `days` days, one in ten in the last hour of a local day (so it crosses midnight), about
 * half of its events page views. One event in twenty is sent at the end of the stream instead of in its
 * place: late and out of order. Keyed by project.
 */
export function sessionStream(options: {
  projects: { id: string; zone: string }[];
  sessions: number;
  days: number;
  seed: number;
  nowMs: number;
}): TestRecord[] {
  const random = seededRandom(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const inOrder: TestRecord[] = [];
  const late: TestRecord[] = [];
  for (let s = 0; s < options.sessions; s += 1) {
    const project = options.projects[pick(options.projects.length)];
    const span = pick(3 * 3_600_000);
    // The last 3 hours are left out: no event may be in the future.
    let start = options.nowMs - 3 * 3_600_000 - pick((options.days - 1) * 86_400_000);
    if (s % 10 === 0) {
      // Moved to 23:00-23:59 of its local day.
      const [hour, minute] = localTime(start, project.zone);
      start += ((23 - hour + 24) % 24) * 3_600_000 + (pick(60) - minute) * 60_000;
      if (start > options.nowMs - 3 * 3_600_000) start -= 86_400_000;
    }
    const count = 1 + pick(20);
    const visitor = `visitor-${pick(5_000)}`;
    for (let e = 0; e < count; e += 1) {
      const at = e === 0 ? start : start + pick(span + 1);
      const event: TestEvent = {
        event_id: eventId(options.seed * 10_000_000 + inOrder.length + late.length),
        project_id: project.id,
        type: random() < 0.5 ? 'page_view' : TYPES[2 + pick(TYPES.length - 2)],
        timestamp: new Date(at).toISOString(),
        anonymous_id: visitor,
        session_id: `session-${s}`,
      };
      (random() < 0.05 ? late : inOrder).push({ key: project.id, value: JSON.stringify(event), event });
    }
  }
  return [...inOrder, ...late];
}

/** Hour and minute of an instant in a zone. */
function localTime(instantMs: number, timeZone: string): [number, number] {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instantMs);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [value('hour'), value('minute')];
}
