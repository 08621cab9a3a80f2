import type { DeadLetterCode } from '@metrics-store/metrics-contract';
import { makeInvalidRecord } from './invalid-record.factory';
import { SeededRandom } from '@metrics-store/testing';

export interface TrafficProject {
  id: string;
  /** Relative share of the traffic. */
  weight: number;
}

export interface TrafficOptions {
  seed: number;
  projects: TrafficProject[];
  /** Sessions start uniformly within the last `historyDays` days (0: events are stamped "now"). */
  historyDays: number;
  /** Share of valid events stamped `lateHours` earlier than their session says. */
  lateShare: number;
  lateHours: readonly [number, number];
  invalidShare: number;
  /** Sessions open at once; more means more interleaving. */
  concurrentSessions?: number;
  /** Fewest and most events of a session; default 1 to 12. */
  sessionEvents?: readonly [number, number];
}

/** What the contract says must become of a record: counted as below, or dead-lettered with `code`. */
export type ExpectedOutcome =
  | {
      valid: true;
      projectId: string;
      /** The event's own id: copies of it within the duplicate window count once. */
      eventId: string;
      type: string;
      instantMs: number;
      visitor: string | null;
      session: string | null;
    }
  | { valid: false; code: DeadLetterCode };

export interface GeneratedRecord {
  /** The lower-case project id (producers key by it). */
  key: string;
  value: Buffer;
  outcome: ExpectedOutcome;
}

interface Visitor {
  anonymousId: string;
  /** Set once the visitor logged in; then it is the visitor. */
  userId: string | null;
}

interface Session {
  project: string;
  visitor: Visitor | null;
  id: string | null;
  clockMs: number;
  remaining: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const EVENT_TYPES = [
  ['page_view', 70],
  ['click', 14],
  ['screen_view', 6],
  ['signup', 3],
  ['purchase', 2],
  ['video_play', 5],
] as const;
const PAGES = ['/', '/pricing', '/docs', '/blog/kafka-exactly-once', '/signup', '/checkout', '/about'];
const REFERRERS = ['https://www.google.com/', 'https://news.ycombinator.com/', 'https://t.co/x', null];
const COUNTRIES = ['DE', 'US', 'NP', 'AU', 'IN', 'BR', 'JP', 'FR'];
const BROWSERS = ['Chrome 131', 'Firefox 133', 'Safari 18', 'Edge 131'];
const OFFSETS_MINUTES = [345, -300, 630, 60, -570, 0, 780];

/** ISO-8601 in a fixed offset, e.g. 2026-11-25T21:50:00.000+05:45: the same instant, another spelling. */
function isoWithOffset(instantMs: number, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new Date(instantMs + offsetMinutes * 60_000).toISOString().replace('Z', zone);
}

/**
 * Realistic enriched events (docs/events.md), deterministic for a seed: visitors who come back (across
 * days when `historyDays` > 0), sessions of several page views, a few custom types, late events, and a small
 * share of invalid records. Pure: time is passed in, nothing is sent anywhere.
 */
export class TrafficGenerator {
  private readonly random: SeededRandom;
  private readonly visitors = new Map<string, Visitor[]>();
  private readonly sessions: Session[] = [];
  private readonly projectChoices: (readonly [string, number])[];

  constructor(private readonly options: TrafficOptions) {
    this.random = new SeededRandom(options.seed);
    this.projectChoices = options.projects.map(
      (project) => [project.id.toLowerCase(), project.weight] as const,
    );
    for (const project of options.projects) this.visitors.set(project.id.toLowerCase(), []);
  }

  next(nowMs: number): GeneratedRecord {
    const random = this.random;
    const session = this.session(nowMs);
    const type = random.weighted(EVENT_TYPES);
    let instantMs = this.options.historyDays > 0 ? session.clockMs : nowMs - random.int(0, 2_000);
    if (random.chance(this.options.lateShare)) {
      const [min, max] = this.options.lateHours;
      instantMs -= Math.round((min + random.next() * (max - min)) * HOUR_MS);
    }
    session.clockMs = Math.min(session.clockMs + random.int(5_000, 180_000), nowMs);
    session.remaining -= 1;

    const visitor = session.visitor;
    // Server-side purchases often lose the session; a few events carry no visitor at all.
    const sessionId = type === 'purchase' && random.chance(0.3) ? null : session.id;
    const eventId = random.uuid();
    const event: Record<string, unknown> = {
      event_id: eventId,
      project_id: random.chance(0.1) ? session.project.toUpperCase() : session.project,
      type,
      timestamp: this.spellTimestamp(instantMs),
      ...(visitor?.userId ? { user_id: visitor.userId } : {}),
      ...(visitor ? { anonymous_id: visitor.anonymousId } : {}),
      ...(sessionId ? { session_id: sessionId } : {}),
      url: `https://shop.example${random.pick(PAGES)}`,
      referrer: random.pick(REFERRERS),
      country: random.pick(COUNTRIES),
      browser: random.pick(BROWSERS),
    };
    if (random.chance(this.options.invalidShare)) {
      const invalid = makeInvalidRecord(random, event, nowMs);
      return { key: session.project, value: invalid.value, outcome: { valid: false, code: invalid.code } };
    }
    return {
      key: session.project,
      value: Buffer.from(JSON.stringify(event), 'utf8'),
      outcome: {
        valid: true,
        projectId: session.project,
        eventId,
        type,
        instantMs,
        visitor: visitor ? (visitor.userId ?? visitor.anonymousId) : null,
        session: sessionId,
      },
    };
  }

  private spellTimestamp(instantMs: number): string | number {
    const style = this.random.next();
    if (style < 0.6) return new Date(instantMs).toISOString();
    if (style < 0.8) return instantMs;
    return isoWithOffset(instantMs, this.random.pick(OFFSETS_MINUTES));
  }

  /** An open session with events left, or a new one (a returning visitor more often than not). */
  private session(nowMs: number): Session {
    const random = this.random;
    const target = this.options.concurrentSessions ?? 200;
    if (this.sessions.length >= target) {
      const index = random.int(0, this.sessions.length - 1);
      const session = this.sessions[index];
      if (session.remaining > 0) return session;
      this.sessions[index] = this.sessions[this.sessions.length - 1];
      this.sessions.pop();
    }
    const project = random.weighted(this.projectChoices);
    const pool = this.visitors.get(project) ?? [];
    let visitor: Visitor | null = null;
    if (!random.chance(0.03)) {
      if (pool.length > 0 && random.chance(0.65)) visitor = random.pick(pool);
      else {
        visitor = { anonymousId: `anon-${random.hex(16)}`, userId: null };
        pool.push(visitor);
      }
      // Logging in makes the user id the visitor from then on (a new visitor for the counts, as in the contract).
      if (!visitor.userId && random.chance(0.05)) visitor.userId = `user-${random.hex(12)}`;
    }
    const startMs =
      this.options.historyDays > 0
        ? nowMs - Math.floor(random.next() * this.options.historyDays * DAY_MS)
        : nowMs;
    const session: Session = {
      project,
      visitor,
      id: random.chance(0.97) ? `sess-${random.hex(20)}` : null,
      clockMs: startMs,
      remaining: random.int(...(this.options.sessionEvents ?? [1, 12])),
    };
    this.sessions.push(session);
    return session;
  }
}
