import { fromDayNumber, toDayNumber } from './calendar-date.util';

/** MAX_EVENT_AGE_DAYS unless set (docs/operations.md). */
export const DEFAULT_MAX_EVENT_AGE_DAYS = 400;

/**
 * DISTINCT_KEY_RETENTION_DAYS unless set: one day more than an event may be old, since an event of the oldest
 * accepted instant can fall on the day before in a zone behind UTC. Then no date that can still receive an
 * event loses its per-visitor state.
 */
export const defaultKeyRetentionDays = (maxEventAgeDays: number): number => maxEventAgeDays + 1;

/**
 * The oldest date whose per-visitor and per-session state is kept on the UTC date `today`: every date from
 * `retentionDays` days before it on. Earlier dates count only in the summed metrics.
 */
export const firstKeptDate = (today: string, retentionDays: number): string =>
  fromDayNumber(toDayNumber(today) - retentionDays);
