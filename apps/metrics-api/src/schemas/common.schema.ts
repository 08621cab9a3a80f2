import { z } from 'zod';
import {
  API_ERROR_CODES,
  isCalendarDate,
  isStorableText,
  STORABLE_TEXT_RULE,
  UUID_PATTERN,
} from '@metrics-store/metrics-contract';

/** A UUID in any letter case, handed on lower-case (the form the store keeps). */
export const uuidSchema = z
  .string()
  .regex(UUID_PATTERN, 'must be a UUID')
  .transform((value) => value.toLowerCase())
  .meta({ format: 'uuid', example: '6f1c2a7e-0000-4000-8000-000000000001' });

export const projectPathSchema = z.object({ projectId: uuidSchema });

/**
 * Text that reaches PostgreSQL as given: no NUL (refused by PostgreSQL) and no unpaired surrogate (which
 * would be stored as U+FFFD). Every free-text field is built on it; the other strings have patterns that
 * allow neither.
 */
export const storableTextSchema = z
  .string()
  .refine(isStorableText, { message: STORABLE_TEXT_RULE, abort: true });

/** A real calendar date `YYYY-MM-DD`: 2026-02-30 is refused, not rolled over. */
export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD')
  .meta({ format: 'date', example: '2026-11-01' });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });
