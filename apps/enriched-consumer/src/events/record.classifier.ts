import { isUtf8 } from 'node:buffer';
import type { DeadLetterCode } from '@metrics-store/metrics-contract';
import type { DeadLetterReason } from './dead-letter';
import type { VisitorKeyHasher } from './visitor-key.hasher';
import { validateEvent } from './event.validator';

/**
 * A valid event, reduced to what is counted of it. Its local date needs the project's time zone, which is a
 * query away: dateEvents turns it into the event applyBatch counts once the zones are known.
 */
export interface ValidatedEvent {
  /** Kafka offset (int64) as a decimal string. */
  offset: string;
  /** Lower-case UUID. */
  projectId: string;
  /** The event's own id (a UUID, as sent): what tells two copies of one event (dedupe/). */
  eventId: string;
  type: string;
  instantMs: number;
  /** The keyed hash of user_id, else anonymous_id; null when neither is set. */
  visitorKey: bigint | null;
  /** The keyed hash of session_id; null when it is not set. */
  sessionKey: bigint | null;
}

export type Classification =
  { ok: true; event: ValidatedEvent } | { ok: false; deadLetter: DeadLetterReason };

export interface ClassifierLimits {
  maxEventBytes: number;
  maxEventAgeDays: number;
}

/**
 * What classifying needs besides the record: the limits, and the hasher of visitor and session ids (null:
 * the keys are not needed, as when a duplicate window is read back, and are left null).
 */
export interface ClassifierContext {
  limits: ClassifierLimits;
  keys: Pick<VisitorKeyHasher, 'keyOf'> | null;
}

const DAY_MS = 86_400_000;
const MAX_FUTURE_MS = DAY_MS;
// Date holds instants up to 8.64e15 ms either side of the epoch; a local date adds a zone's offset and a day
// to that, so instants within two days of either end are refused too, whatever MAX_EVENT_AGE_DAYS says.
const MAX_DATE_MS = 8_640_000_000_000_000;
const MAX_INSTANT_MS = MAX_DATE_MS - 2 * DAY_MS;
// Kafka header values are small by habit; the first problems tell the story.
const MAX_MESSAGE_CHARS = 500;

const reject = (code: DeadLetterCode, message: string): Classification => ({
  ok: false,
  deadLetter: { code, message: message.slice(0, MAX_MESSAGE_CHARS) },
});

/**
 * A record the consumer got only the first bytes of (its batch inflates beyond what is held whole, and its value
 * was longer than MAX_EVENT_BYTES or came past that limit): too_large, whatever those bytes say.
 */
export function classifyCutValue(valueBytes: number, limits: ClassifierLimits): Classification {
  return reject(
    'too_large',
    valueBytes > limits.maxEventBytes
      ? `value is ${valueBytes} bytes, over MAX_EVENT_BYTES=${limits.maxEventBytes}`
      : `value is ${valueBytes} bytes, past what its batch may inflate to, and was not read`,
  );
}

/**
 * Decides what one Kafka record value is (docs/events.md): a valid event, or a dead letter with its
 * code. Checks run cheapest first: size, UTF-8 and JSON, schema, then the accepted time window.
 */
export function classifyRecord(
  value: Buffer | null,
  nowMs: number,
  { limits, keys }: ClassifierContext,
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
  // The schema checked the shape of an ISO string: Date.parse only fails on a year beyond Date's range.
  const instantMs = typeof event.timestamp === 'number' ? event.timestamp : Date.parse(event.timestamp);
  const earliest = nowMs - limits.maxEventAgeDays * DAY_MS;
  if (
    Number.isNaN(instantMs) ||
    Math.abs(instantMs) > MAX_INSTANT_MS ||
    instantMs < earliest ||
    instantMs > nowMs + MAX_FUTURE_MS
  ) {
    return reject(
      'timestamp_out_of_range',
      `timestamp ${String(event.timestamp)} is outside [now - ${limits.maxEventAgeDays} days, now + 24 hours]`,
    );
  }
  const visitor = event.user_id ?? event.anonymous_id;
  return {
    ok: true,
    event: {
      offset,
      projectId: event.project_id,
      eventId: event.event_id,
      type: event.type,
      instantMs,
      visitorKey: visitor === null || keys === null ? null : keys.keyOf(event.project_id, 'visitor', visitor),
      sessionKey:
        event.session_id === null || keys === null
          ? null
          : keys.keyOf(event.project_id, 'session', event.session_id),
    },
  };
}
