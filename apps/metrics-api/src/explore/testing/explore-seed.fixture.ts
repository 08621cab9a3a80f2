import { createHash } from 'node:crypto';
import {
  buildSketchesWithMerger,
  visitMetricRows,
  writeDailyMetrics,
} from '@metrics-store/metrics-db/testing';
import type { ApiFixture, TestEvent } from '../../testing/api-test.fixture';

/** The project a key reads; its zone is far from the browser's, so "today" differs between them. */
export const PROJECT = '6f1c2a7e-0000-4000-8000-0000000000a1';
export const PROJECT_ZONE = 'America/Los_Angeles';
export const BROWSER_ZONE = 'Pacific/Kiritimati';
/** Another project, which the key must not read. */
export const OTHER_PROJECT = '6f1c2a7e-0000-4000-8000-0000000000b2';
/** A project with one busy ISO week: more distinct visitors than the sketches count exactly. */
export const BUSY_PROJECT = '6f1c2a7e-0000-4000-8000-0000000000c3';
export const BUSY_WEEK = { from: '2025-03-03', to: '2025-03-09' };
export const BUSY_WEEK_VISITORS = 2_100;

const DAY_MS = 86_400_000;

/**
 * A busy visitor's key spread over 52 bits as the consumer's SHA-256 keys are over 64: a small integer key has
 * no bits above the register index, sets no HyperLogLog register and would vanish from a week's sketch.
 */
const spreadKey = (n: number) =>
  parseInt(createHash('sha256').update(`explore-busy:${n}`).digest('hex').slice(0, 13), 16);

export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function mondayOf(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

export interface SeededProject {
  today: string;
  /** The default view: the last 30 project-local days. */
  range: { from: string; to: string };
  /** total_events per seeded date. */
  eventsByDate: Map<string, number>;
}

/**
 * The visit metrics of PROJECT's sessions, by days ago, as the consumer counts them: [visits, bounces,
 * visit_duration_ms, visit_pageviews]. Session 104 is a bounce (one page view).
 */
const VISITS_BY_DAYS_AGO: Record<number, [number, number, number, number]> = {
  3: [2, 0, 165_000, 5],
  10: [2, 1, 200_000, 4],
  20: [1, 0, 52_000, 4],
};

/**
 * Known counts inside the last 30 days of PROJECT (3, 10 and 20 days ago, so a midnight during the run moves
 * none of them out): 16 events, 13 page views (screen_view counts too), 6 visitors, 5 sessions; 5 visits, 1 of
 * them a bounce, 417 s long together, with 13 page views.
 */
export async function seedProjects(fx: ApiFixture): Promise<SeededProject> {
  await fx.store.setProjectTimezone(PROJECT, PROJECT_ZONE);
  const today = todayIn(PROJECT_ZONE);
  const [d3, d10, d20] = [addDays(today, -3), addDays(today, -10), addDays(today, -20)];
  const at = (date: string, type: string, visitor: number, session: number): TestEvent => ({
    projectId: PROJECT,
    date,
    type,
    visitor,
    session,
  });
  const events: TestEvent[] = [
    at(d3, 'page_view', 1, 100),
    at(d3, 'page_view', 2, 100),
    at(d3, 'page_view', 3, 101),
    at(d3, 'page_view', 1, 100),
    at(d3, 'page_view', 2, 101),
    at(d3, 'click', 1, 100),
    at(d3, 'click', 1, 100),
    at(d10, 'page_view', 1, 102),
    at(d10, 'page_view', 4, 102),
    at(d10, 'page_view', 4, 102),
    at(d10, 'signup', 4, 102),
    at(d10, 'page_view', 6, 104),
    ...Array.from({ length: 4 }, () => at(d20, 'screen_view', 5, 103)),
    { projectId: OTHER_PROJECT, date: d3, type: 'page_view', visitor: 9, session: 900 },
  ];
  const busyDays = datesFrom(BUSY_WEEK.from, BUSY_WEEK.to);
  for (let visitor = 1; visitor <= BUSY_WEEK_VISITORS; visitor += 1) {
    const date = busyDays[visitor % busyDays.length];
    const key = spreadKey(visitor);
    events.push({ projectId: BUSY_PROJECT, date, type: 'page_view', visitor: key, session: key });
  }
  await fx.write(events);
  await writeDailyMetrics(
    fx.database.url,
    Object.entries(VISITS_BY_DAYS_AGO).flatMap(([daysAgo, values]) =>
      visitMetricRows(PROJECT, addDays(today, -Number(daysAgo)), values),
    ),
  );
  // Made by the consumer's merger: weeks, months and totals of unique_users and sessions read these.
  await buildSketchesWithMerger(fx.database.url);
  const eventsByDate = new Map<string, number>();
  for (const event of events.filter((e) => e.projectId === PROJECT)) {
    eventsByDate.set(event.date, (eventsByDate.get(event.date) ?? 0) + 1);
  }
  return { today, range: { from: addDays(today, -29), to: today }, eventsByDate };
}

/** The [start, total_events] rows a granularity must show: buckets clipped to the range, zeros included. */
export function expectedRows(
  seeded: SeededProject,
  bucketOf: (date: string) => string,
): [start: string, value: string][] {
  const rows = new Map<string, number>();
  for (const date of datesFrom(seeded.range.from, seeded.range.to)) {
    const start = bucketOf(date) < seeded.range.from ? seeded.range.from : bucketOf(date);
    rows.set(start, (rows.get(start) ?? 0) + (seeded.eventsByDate.get(date) ?? 0));
  }
  return [...rows].map(([start, value]) => [start, String(value)]);
}
