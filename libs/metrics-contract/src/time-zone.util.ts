/** The zone of a project whose zone was never set (docs/events.md). */
export const DEFAULT_TIME_ZONE = 'UTC';

/** True for a zone name the runtime's IANA database knows (e.g. `Europe/Berlin`, `UTC`). */
export function isIanaTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
