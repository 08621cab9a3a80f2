import { CompressionTypes, type Producer } from 'kafkajs';
import type { Logger } from '@metrics-store/runtime';
import type { DeadLetter } from '../events/dead-letter';
import { retryWithBackoff } from '../failures/backoff.retry';
import { isRequestTooLarge, isTransientError } from '../failures/transient-error';
import { TRUNCATION_HEADERS } from './codecs/record-truncation';
import { chunkByBatchSize } from './record-batch.size';

// A produce request carries one record batch per partition, and the broker refuses a batch over the topic's
// max.message.bytes (1 MiB by default) for good. Dead letters go in requests whose batch is at most this large
// as the broker counts it (headers included: 20,000 tombstones are 4 MB of headers); a single larger record
// goes alone, and fits, as the DLQ topic is made with room above its source topic's limit.
const MAX_REQUEST_BYTES = 512 * 1024;
const MESSAGES_AT_ONCE = 10_000;

type DlqMessage = { key: Buffer | null; value: Buffer | null; headers: Record<string, string> };

/**
 * A dead letter the DLQ topic refuses even alone, compressed and cut to MAX_EVENT_BYTES: its topic's
 * max.message.bytes leaves no room for MAX_EVENT_BYTES and the headers. Not an outage: the process ends, saying
 * which record and what to change.
 */
export class DeadLetterTooLargeError extends Error {
  override readonly name = 'DeadLetterTooLargeError';

  constructor(dlqTopic: string, sourceTopic: string, letter: DeadLetter, cause: unknown) {
    super(
      `the dead letter of ${sourceTopic} partition ${letter.partition} offset ${letter.offset} is too large for ` +
        `${dlqTopic}: raise its max.message.bytes above ${sourceTopic}'s (plus room for the x-* headers)`,
      { cause },
    );
  }
}

/**
 * Writes rejected records to the DLQ topic, original key and value bytes unchanged, with the contract's
 * headers. A record is only passed over once its dead letter is acknowledged by all in-sync replicas, so
 * a DLQ outage holds the partition rather than losing input: sends are retried for as long as the batch
 * is still ours. A request refused for its size is split, never sent again as it was; a single dead letter
 * refused even compressed goes as the first MAX_EVENT_BYTES bytes of its value (x-value-truncated).
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly dlqTopic: string,
    private readonly sourceTopic: string,
    private readonly logger: Logger,
    private readonly maxEventBytes: number,
  ) {}

  async publish(deadLetters: DeadLetter[], isActive: () => boolean): Promise<void> {
    // Messages are made a slice at a time: a compressed batch can hold 500,000 tombstones, whose messages
    // (headers included) would take some 170 MB at once.
    for (let from = 0; from < deadLetters.length; from += MESSAGES_AT_ONCE) {
      const letters = deadLetters.slice(from, from + MESSAGES_AT_ONCE);
      const messages = letters.map((letter) => this.messageOf(letter));
      let start = 0;
      for (const chunk of chunkByBatchSize(messages, MAX_REQUEST_BYTES)) {
        await this.sendFitting(chunk, letters.slice(start, start + chunk.length), isActive);
        start += chunk.length;
      }
    }
  }

  private messageOf(letter: DeadLetter): DlqMessage {
    const headers: Record<string, string> = {
      'x-error-code': letter.code,
      'x-error-message': letter.message,
      'x-source-topic': this.sourceTopic,
      'x-source-partition': String(letter.partition),
      'x-source-offset': letter.offset,
    };
    if (letter.keyBytes !== undefined) headers[TRUNCATION_HEADERS.key] = String(letter.keyBytes);
    if (letter.valueBytes !== undefined) headers[TRUNCATION_HEADERS.value] = String(letter.valueBytes);
    return { key: letter.key, value: letter.value, headers };
  }

  /** Sends `messages` (the dead letters `letters`), in halves for as long as the broker says they are too large. */
  private async sendFitting(
    messages: DlqMessage[],
    letters: DeadLetter[],
    isActive: () => boolean,
    compression = CompressionTypes.None,
  ): Promise<void> {
    try {
      await this.send(messages, letters[0], isActive, compression);
    } catch (error) {
      if (!isRequestTooLarge(error)) throw error;
      this.logger.warn(
        {
          err: error,
          topic: this.sourceTopic,
          partition: letters[0].partition,
          offset: letters[0].offset,
          records: messages.length,
        },
        'dead_letter_request_too_large',
      );
      if (messages.length > 1) {
        const half = Math.ceil(messages.length / 2);
        await this.sendFitting(messages.slice(0, half), letters.slice(0, half), isActive);
        await this.sendFitting(messages.slice(half), letters.slice(half), isActive);
      } else if (compression === CompressionTypes.None) {
        // A record its source topic took compressed may only fit compressed.
        await this.sendFitting(messages, letters, isActive, CompressionTypes.GZIP);
      } else if ((letters[0].value?.length ?? 0) > this.maxEventBytes) {
        const [letter] = letters;
        const cut: DeadLetter = {
          ...letter,
          value: (letter.value as Buffer).subarray(0, this.maxEventBytes),
          valueBytes: letter.valueBytes ?? (letter.value as Buffer).length,
        };
        await this.sendFitting([this.messageOf(cut)], [cut], isActive);
      } else {
        throw new DeadLetterTooLargeError(this.dlqTopic, this.sourceTopic, letters[0], error);
      }
    }
  }

  private async send(
    messages: DlqMessage[],
    first: DeadLetter,
    isActive: () => boolean,
    compression: CompressionTypes,
  ): Promise<void> {
    await retryWithBackoff(
      () => this.producer.send({ topic: this.dlqTopic, acks: -1, compression, messages }),
      {
        isActive,
        isRetriable: isTransientError,
        onRetry: (error, attempt, delayMs) =>
          this.logger.warn(
            {
              err: error,
              topic: this.sourceTopic,
              partition: first.partition,
              offset: first.offset,
              attempt,
              delay_ms: delayMs,
            },
            'dead_letter_send_failed',
          ),
      },
    );
  }
}
