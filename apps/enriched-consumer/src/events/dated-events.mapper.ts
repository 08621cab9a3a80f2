import { DEFAULT_TIME_ZONE } from '@metrics-store/metrics-contract';
import type { CountedEvent } from '@metrics-store/metrics-db';
import type { LocalDateResolver } from './local-date.resolver';
import type { ValidatedEvent } from './record.classifier';

/**
 * The events applyBatch counts: each validated event on its project-local date (docs/events.md), in the
 * project's zone from `zones` (UTC for a project without one). One new object per event, nothing else.
 */
export function dateEvents(
  events: readonly ValidatedEvent[],
  zones: ReadonlyMap<string, string>,
  dates: LocalDateResolver,
): CountedEvent[] {
  const counted = new Array<CountedEvent>(events.length);
  for (let i = 0; i < events.length; i += 1) {
    const { offset, projectId, type, instantMs, visitorKey, sessionKey } = events[i];
    const date = dates.localDate(instantMs, zones.get(projectId) ?? DEFAULT_TIME_ZONE);
    counted[i] = { offset, projectId, date, type, instantMs, visitorKey, sessionKey };
  }
  return counted;
}
