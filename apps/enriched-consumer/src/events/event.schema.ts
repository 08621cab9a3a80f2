import { z } from 'zod';
import { EVENT_TYPE_PATTERN, isReservedName, UUID_PATTERN } from '@metrics-store/metrics-contract';
import { isIdLength, isIsoWithZone } from './event.rules';

const uuid = z.string().regex(UUID_PATTERN, 'expected a UUID');

const optionalId = z
  .string()
  .refine(isIdLength, 'expected 1 to 256 characters')
  // null is how many producers spell "not set"; it means the same as an absent field.
  .nullish()
  .transform((value) => value ?? null);

/** ISO-8601 with a zone or integer epoch milliseconds; a zone-less string is ambiguous, so invalid. */
const timestamp = z.union(
  [
    z.string().refine(isIsoWithZone, 'expected ISO-8601 with a zone (Z or +hh:mm)'),
    z.number().int().refine(Number.isSafeInteger),
  ],
  { error: 'expected ISO-8601 with a zone (Z or +hh:mm) or integer epoch milliseconds' },
);

/** One enriched event (docs/events.md). Unknown fields are dropped, not rejected. */
export const enrichedEventSchema = z.object({
  event_id: uuid,
  project_id: uuid.transform((value) => value.toLowerCase()),
  type: z
    .string()
    .regex(EVENT_TYPE_PATTERN, `expected ${EVENT_TYPE_PATTERN.source}`)
    .refine((value) => !isReservedName(value), 'a reserved metric name cannot be an event type'),
  timestamp,
  user_id: optionalId,
  anonymous_id: optionalId,
  session_id: optionalId,
});

export type EnrichedEvent = z.infer<typeof enrichedEventSchema>;
