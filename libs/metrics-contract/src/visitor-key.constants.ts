/**
 * VISITOR_KEY_SECRET, the key of the HMAC that turns visitor and session ids into the keys the store keeps
 * (docs/events.md), has at least this many characters: the consumer refuses to start with a shorter one.
 */
export const VISITOR_KEY_SECRET_MIN_LENGTH = 32;
