import type { DeadLetterCode } from '@metrics-store/metrics-contract';
import type { ExpectedOutcome } from '../traffic/traffic.generator';
import { localDate } from './local-date.calendar';

export interface ExpectedDeadLetter {
  code: DeadLetterCode;
  key: Buffer | null;
  value: Buffer | null;
}

interface DaySets {
  users: Set<string>;
  sessions: Set<string>;
}

/** A session as the whole stream shows it: its earliest and latest event, its events and page views. */
interface SessionSpan {
  first: number;
  firstDate: string;
  last: number;
  events: number;
  pageviews: number;
}

const PAGEVIEW_TYPES = new Set(['page_view', 'screen_view']);

/**
 * What the system must hold once every Kafka record is processed exactly once (docs/events.md), built
 * from the generator's declared outcomes and the records' real positions in Kafka, never from consumer code.
 */
export class GroundTruth {
  /** `${project}|${date}|${metric}` -> value, for the summed metrics. */
  private readonly counters = new Map<string, number>();
  /** `${project}|${date}` -> the distinct visitors and sessions of that day. */
  readonly days = new Map<string, DaySets>();
  /** `${partition}:${offset}` -> the dead letter the consumer must write. */
  readonly deadLetters = new Map<string, ExpectedDeadLetter>();
  /** `${project}|${session}` -> the session's whole span: its visit is on the date of its first event. */
  private readonly sessions = new Map<string, SessionSpan>();
  validEvents = 0;

  constructor(private readonly timezones: ReadonlyMap<string, string>) {}

  add(
    outcome: ExpectedOutcome,
    partition: number,
    offset: string,
    key: Buffer | null,
    value: Buffer | null,
  ): void {
    if (!outcome.valid) {
      this.deadLetters.set(`${partition}:${offset}`, { code: outcome.code, key, value });
      return;
    }
    this.validEvents += 1;
    const date = localDate(outcome.instantMs, this.timezones.get(outcome.projectId) ?? 'UTC');
    const day = `${outcome.projectId}|${date}`;
    this.bump(`${day}|total_events`);
    this.bump(`${day}|${outcome.type}`);
    if (PAGEVIEW_TYPES.has(outcome.type)) this.bump(`${day}|total_pageviews`);
    let sets = this.days.get(day);
    if (!sets) {
      sets = { users: new Set(), sessions: new Set() };
      this.days.set(day, sets);
    }
    if (outcome.visitor !== null) sets.users.add(outcome.visitor);
    if (outcome.session === null) return;
    sets.sessions.add(outcome.session);
    const pageview = PAGEVIEW_TYPES.has(outcome.type) ? 1 : 0;
    const sessionKey = `${outcome.projectId}|${outcome.session}`;
    const span = this.sessions.get(sessionKey);
    if (!span) {
      this.sessions.set(sessionKey, {
        first: outcome.instantMs,
        firstDate: date,
        last: outcome.instantMs,
        events: 1,
        pageviews: pageview,
      });
      return;
    }
    if (outcome.instantMs < span.first) Object.assign(span, { first: outcome.instantMs, firstDate: date });
    span.last = Math.max(span.last, outcome.instantMs);
    span.events += 1;
    span.pageviews += pageview;
  }

  /**
   * Every daily_metrics row the table must hold, `${project}|${date}|${metric}` -> value (no zero rows), the
   * visit metrics of each session on the date of its first event.
   */
  rows(): Map<string, number> {
    const rows = new Map(this.counters);
    for (const [day, sets] of this.days) {
      if (sets.users.size > 0) rows.set(`${day}|unique_users`, sets.users.size);
      if (sets.sessions.size > 0) rows.set(`${day}|sessions`, sets.sessions.size);
    }
    const add = (key: string, value: number) => {
      if (value !== 0) rows.set(key, (rows.get(key) ?? 0) + value);
    };
    for (const [key, span] of this.sessions) {
      const day = `${key.slice(0, key.indexOf('|'))}|${span.firstDate}`;
      add(`${day}|visits`, 1);
      add(`${day}|bounces`, span.events === 1 && span.pageviews === 1 ? 1 : 0);
      add(`${day}|visit_duration_ms`, span.last - span.first);
      add(`${day}|visit_pageviews`, span.pageviews);
    }
    return rows;
  }

  private bump(key: string): void {
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
  }
}
