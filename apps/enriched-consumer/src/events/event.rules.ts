import { daysInMonth } from '@metrics-store/metrics-contract';

/**
 * The field rules of docs/events.md that only the consumer checks, as plain predicates shared by the zod
 * schema (which explains a rejection) and the fast acceptance check (which admits the common valid event
 * without zod's cost). The UUID and type patterns and the KPI names come from the contract library.
 */

// Seconds and fractions optional (ISO-8601 allows hh:mm); the zone is required: Z or ±hh:mm. Years have four
// digits, or six with a sign (ISO-8601's expanded years, as Date.toISOString writes them past 9999).
const ISO_WITH_ZONE =
  /^(\d{4}|[+-]\d{6})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** ISO-8601 with a zone, on a day that exists (Date.parse would roll 2026-02-30 over into March). */
export function isIsoWithZone(value: string): boolean {
  const match = ISO_WITH_ZONE.exec(value);
  // -000000 is the one spelling of year 0 that ISO-8601 (and Date.parse) refuse.
  if (!match || match[1] === '-000000') return false;
  return Number(match[3]) <= daysInMonth(Number(match[1]), Number(match[2]));
}

/** "1 to 256 characters" counts code points, not UTF-16 units; the cheap length test settles most ids. */
export const isIdLength = (value: string) =>
  value.length > 0 && (value.length <= 256 || [...value].length <= 256);
