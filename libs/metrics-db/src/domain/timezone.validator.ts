/** True for a zone name the runtime's IANA database knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimezone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
