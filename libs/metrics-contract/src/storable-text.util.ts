// A surrogate half without its other half.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** How a refusal of `isStorableText` reads to a client. */
export const STORABLE_TEXT_RULE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/**
 * true for text PostgreSQL stores as given. It refuses NUL in `text` outright (SQLSTATE 22021), and
 * node-postgres encodes an unpaired surrogate as U+FFFD, so such a value would be stored altered.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}
