import type { CountedEvent, MetricsStore } from '@metrics-store/metrics-db';
import type { DeadLetter } from '../events/dead-letter';
import type { TypeCandidates } from './type-candidates';

/** The part of a gathered segment the cap looks at. */
export interface TypedSegment {
  events: CountedEvent[];
  deadLetters: DeadLetter[];
  /** The records of the events whose type may be new for their day, copied while they were at hand. */
  typeCandidates?: TypeCandidates;
  /** Set by `admit`: the (project, date, type) of the candidates it kept, stored once the flush commits. */
  admittedTypes?: Pick<CountedEvent, 'projectId' | 'date' | 'type'>[];
}

// Project-days whose stored types are remembered, and how long: an erased project's days are forgotten in time.
const KNOWN_DAYS = 50_000;
const KNOWN_FOR_MS = 10 * 60_000;

interface KnownDay {
  types: Set<string>;
  until: number;
}

/**
 * MAX_TYPES_PER_DAY (docs/events.md): an event whose `type` would be a new one for its project and local date,
 * which already has that many distinct types, is dead-lettered `too_many_types`. Decided at the flush, in
 * offset order, from what PostgreSQL holds then (every earlier flush of the partition committed before it) and
 * the types the flush itself adds: a replay after a crash finds the same state and decides the same way. The
 * processor marks the events whose type it does not know to be stored (`isCandidate`) and keeps copies of
 * their records; for the common event, of a type its day already has, the flush asks nothing.
 */
export class DayTypesCap {
  private readonly known = new Map<string, KnownDay>();

  constructor(
    private readonly maxTypes: number,
    private readonly store: Pick<MetricsStore, 'readDayTypes'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the event's type is not known to be stored for its project-day yet. */
  isCandidate(event: CountedEvent, now = this.now()): boolean {
    const day = this.known.get(`${event.projectId} ${event.date}`);
    return !day || day.until < now || !day.types.has(event.type);
  }

  /**
   * Moves the events over the cap, in order, from `events` to `deadLetters` (with their reason). Reads the days
   * of the candidates once; changes nothing when no segment has a candidate.
   */
  async admit(segments: TypedSegment[]): Promise<void> {
    // Each (project, date, type) asked once, however many events share it.
    const asked = new Map<string, { projectId: string; date: string; type: string }>();
    for (const segment of segments)
      for (const { offset, projectId, date, type } of segment.events)
        if (segment.typeCandidates?.has(offset))
          asked.set(`${projectId} ${date} ${type}`, { projectId, date, type });
    if (asked.size === 0) return;
    const days = new Map<string, { stored: Set<string>; count: number }>();
    for (const day of await this.store.readDayTypes([...asked.values()]))
      days.set(`${day.projectId} ${day.date}`, { stored: new Set(day.storedTypes), count: day.typeCount });
    for (const segment of segments) {
      if (!segment.typeCandidates?.size) continue;
      const candidates = segment.typeCandidates;
      const kept: CountedEvent[] = [];
      const admitted: CountedEvent[] = [];
      for (const event of segment.events) {
        const day = candidates.has(event.offset) ? days.get(`${event.projectId} ${event.date}`) : undefined;
        if (!day || day.stored.has(event.type)) {
          kept.push(event);
          if (day) admitted.push(event);
        } else if (day.count < this.maxTypes) {
          // A new type of the day, within the cap: later events of this flush count it as stored.
          day.stored.add(event.type);
          day.count += 1;
          kept.push(event);
          admitted.push(event);
        } else {
          segment.deadLetters.push(
            candidates.letterOf(
              event.offset,
              `type ${event.type} would be a new one for project ${event.projectId} on ${event.date}, ` +
                `which has ${day.count} distinct types already (MAX_TYPES_PER_DAY=${this.maxTypes})`,
            ),
          );
        }
      }
      segment.events = kept;
      segment.typeCandidates = undefined;
      segment.admittedTypes = admitted;
    }
  }

  /**
   * After a flush committed: the types `admit` kept are stored. The other events' types were known to be
   * stored already, so a flush without candidates remembers nothing.
   */
  remember(segments: TypedSegment[]): void {
    const now = this.now();
    const until = now + KNOWN_FOR_MS;
    for (const segment of segments)
      for (const { projectId, date, type } of segment.admittedTypes ?? []) {
        const key = `${projectId} ${date}`;
        let day = this.known.get(key);
        if (!day || day.until < now) {
          this.known.delete(key);
          if (this.known.size >= KNOWN_DAYS) this.known.delete(this.known.keys().next().value as string);
          this.known.set(key, (day = { types: new Set(), until }));
        }
        day.types.add(type);
      }
  }
}
