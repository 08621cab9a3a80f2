import { KPI_METRICS } from '@metrics-store/metrics-db';

/**
 * The field rules of contract section 1 as plain predicates, shared by the zod schema (which explains a
 * rejection) and the fast acceptance check (which admits the common valid event without zod's cost).
 */

const KPI_NAMES: ReadonlySet<string> = new Set(KPI_METRICS);

// Any 8-4-4-4-12 hex UUID: PostgreSQL's uuid type takes them all, so version bits are not policed here.
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const TYPE_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

// Seconds and fractions optional (ISO-8601 allows hh:mm); the zone is required: Z or ±hh:mm.
const ISO_WITH_ZONE =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export const isKpiName = (type: string) => KPI_NAMES.has(type);

/** ISO-8601 with a zone, on a day that exists (Date.parse would roll 2026-02-30 over into March). */
export function isIsoWithZone(value: string): boolean {
  const match = ISO_WITH_ZONE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** "1 to 256 characters" counts code points, not UTF-16 units; the cheap length test settles most ids. */
export const isIdLength = (value: string) =>
  value.length > 0 && (value.length <= 256 || [...value].length <= 256);
