/** Kafka's default limit of one record batch: the broker's message.max.bytes, a topic's max.message.bytes. */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * What a dead letter adds to the record it copies: the five x-* headers (a message of at most 500 characters,
 * up to 2,000 bytes of UTF-8, a topic name of at most 249 characters, their names and varint lengths) and the
 * batch that carries it alone. Far more than that, so that a broker's own additions never matter.
 */
export const DEAD_LETTER_HEADER_ROOM_BYTES = 65_536;

/**
 * The max.message.bytes of a dead-letter topic: any record its source topic accepted must fit in it with its
 * headers, or it could neither be counted nor dead-lettered (docs/events.md).
 */
export const deadLetterMaxMessageBytes = (sourceMaxMessageBytes: number): number =>
  sourceMaxMessageBytes + DEAD_LETTER_HEADER_ROOM_BYTES;

/**
 * How long the dead-letter topic keeps a record: 7 days (contract section 1). A dead letter is the raw event,
 * visitor and session ids included, which the store itself never keeps: long enough to look into a problem
 * and replay what was fixed, short enough that nobody's ids linger there.
 */
export const DEAD_LETTER_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * The configuration a dead-letter topic is created with, wherever it is created (`npm start`, `npm run
 * infra:up`, the tests' topics; docker-compose.yml spells the same values).
 */
export const deadLetterTopicConfig = (sourceMaxMessageBytes: number): { name: string; value: string }[] => [
  { name: 'max.message.bytes', value: String(deadLetterMaxMessageBytes(sourceMaxMessageBytes)) },
  { name: 'retention.ms', value: String(DEAD_LETTER_RETENTION_MS) },
];
