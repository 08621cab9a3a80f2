import { isUtf8 } from 'node:buffer';
import type { DeadLetterCode } from '@metrics-store/metrics-contract';
import type { CountedEvent } from '@metrics-store/metrics-db';
import { distinctKey } from './distinct-key.hash';
import { validateEvent } from './event.validator';
import type { LocalDateResolver } from './local-date.resolver';

export interface DeadLetterReason {
  code: DeadLetterCode;
  message: string;
}

/**
 * A valid event, already in the shape applyBatch counts: one object per record, whose `date` is filled in
 * (placeOnLocalDate) once its project's time zone is known, which is a query away.
 */
export interface ValidEvent extends CountedEvent {
  instantMs: number;
}

export type Classification = { ok: true; event: ValidEvent } | { ok: false; deadLetter: DeadLetterReason };

export interface ClassifierLimits {
  maxEventBytes: number;
  maxEventAgeDays: number;
}

const DAY_MS = 86_400_000;
const MAX_FUTURE_MS = DAY_MS;
// Kafka header values are small by habit; the first problems tell the story.
const MAX_MESSAGE_CHARS = 500;

const reject = (code: DeadLetterCode, message: string): Classification => ({
  ok: false,
  deadLetter: { code, message: message.slice(0, MAX_MESSAGE_CHARS) },
});

/**
 * Decides what one Kafka record value is (contract section 1): a valid event, or a dead letter with its
 * code. Checks run cheapest first: size, UTF-8 and JSON, schema, then the accepted time window.
 */
export function classifyRecord(
  value: Buffer | null,
  nowMs: number,
  limits: ClassifierLimits,
  offset = '',
): Classification {
  if (value !== null && value.length > limits.maxEventBytes) {
    return reject(
      'too_large',
      `value is ${value.length} bytes, over MAX_EVENT_BYTES=${limits.maxEventBytes}`,
    );
  }
  if (value === null || value.length === 0) return reject('invalid_json', 'value is empty');
  if (!isUtf8(value)) return reject('invalid_json', 'value is not valid UTF-8');
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return reject('invalid_json', (error as Error).message);
  }
  const validation = validateEvent(json);
  if (!validation.success) return reject('invalid_event', validation.problems.join('; '));
  const { event } = validation;
  const instantMs = typeof event.timestamp === 'number' ? event.timestamp : Date.parse(event.timestamp);
  if (Number.isNaN(instantMs))
    return reject('invalid_event', `timestamp: not a real instant: ${event.timestamp}`);
  const earliest = nowMs - limits.maxEventAgeDays * DAY_MS;
  if (instantMs < earliest || instantMs > nowMs + MAX_FUTURE_MS) {
    return reject(
      'timestamp_out_of_range',
      `timestamp ${new Date(instantMs).toISOString()} is outside [now - ${limits.maxEventAgeDays} days, now + 24 hours]`,
    );
  }
  const visitor = event.user_id ?? event.anonymous_id;
  return {
    ok: true,
    event: {
      offset,
      projectId: event.project_id,
      date: '',
      type: event.type,
      instantMs,
      visitorKey: visitor === null ? null : distinctKey(visitor),
      sessionKey: event.session_id === null ? null : distinctKey(event.session_id),
    },
  };
}

/** Places a valid event on its project-local date; the event itself is the counted event. */
export function placeOnLocalDate(
  event: ValidEvent,
  timeZone: string,
  dates: LocalDateResolver,
): CountedEvent {
  event.date = dates.localDate(event.instantMs, timeZone);
  return event;
}
