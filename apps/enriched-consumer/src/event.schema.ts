import { z } from 'zod';
import { KPI_METRICS } from '@metrics-store/metrics-db';

const KPI_NAMES: ReadonlySet<string> = new Set(KPI_METRICS);

// Any 8-4-4-4-12 hex UUID: PostgreSQL's uuid type takes them all, so version bits are not policed here.
const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'expected a UUID');

// "1 to 256 characters" counts code points, not UTF-16 units; the cheap length test settles most ids.
const optionalId = z
  .string()
  .refine((value) => value.length > 0 && (value.length <= 256 || [...value].length <= 256), 'expected 1 to 256 characters')
  // null is how many producers spell "not set"; it means the same as an absent field.
  .nullish()
  .transform((value) => value ?? null);

// Seconds and fractions optional (ISO-8601 allows hh:mm); the zone is required: Z or ±hh:mm.
const ISO_WITH_ZONE =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Date.parse rolls 2026-02-30 over into March; a date that does not exist is refused instead. */
function isRealDate(value: string): boolean {
  const match = ISO_WITH_ZONE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** ISO-8601 with a zone or integer epoch milliseconds; a zone-less string is ambiguous, so invalid. */
const timestamp = z.union(
  [
    z.string().refine(isRealDate, 'expected ISO-8601 with a zone (Z or +hh:mm)'),
    z.number().int().refine(Number.isSafeInteger),
  ],
  { error: 'expected ISO-8601 with a zone (Z or +hh:mm) or integer epoch milliseconds' },
);

/** One enriched event (contract section 1). Unknown fields are dropped, not rejected. */
export const enrichedEventSchema = z.object({
  event_id: uuid,
  project_id: uuid.transform((value) => value.toLowerCase()),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, 'expected ^[a-z][a-z0-9_]{0,62}$')
    .refine((value) => !KPI_NAMES.has(value), 'a KPI metric name cannot be an event type'),
  timestamp,
  user_id: optionalId,
  anonymous_id: optionalId,
  session_id: optionalId,
});

export type EnrichedEvent = z.infer<typeof enrichedEventSchema>;
