import { CompressionTypes, type Producer } from 'kafkajs';
import type { Logger } from '@metrics-store/runtime';
import type { DeadLetter } from '../events/dead-letter';
import { retryWithBackoff } from '../flush/backoff.retry';

// A produce request carries one record batch per partition, and the broker refuses a batch over its
// message.max.bytes (1 MiB by default) for good: retrying the same request would hold the consumer forever.
// Dead letters are sent in requests of at most this many bytes of keys and values (a single larger record,
// which its source topic accepted, still goes alone).
const MAX_REQUEST_BYTES = 512 * 1024;

type DlqMessage = { key: Buffer | null; value: Buffer | null; headers: Record<string, string> };

/** Consecutive runs of messages, each run at most `maxBytes` of keys and values unless one message is larger. */
export function chunkBySize<T extends { key: Buffer | null; value: Buffer | null }>(
  messages: T[],
  maxBytes: number,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = (message.key?.length ?? 0) + (message.value?.length ?? 0);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Writes rejected records to the DLQ topic, original key and value bytes unchanged, with the contract's
 * headers. A record is only passed over once its dead letter is acknowledged by all in-sync replicas, so
 * a DLQ outage holds the partition rather than losing input: sends are retried for as long as the batch
 * is still ours.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly dlqTopic: string,
    private readonly sourceTopic: string,
    private readonly logger: Logger,
  ) {}

  async publish(deadLetters: DeadLetter[], isActive: () => boolean): Promise<void> {
    if (deadLetters.length === 0) return;
    const messages: DlqMessage[] = deadLetters.map((letter) => ({
      key: letter.key,
      value: letter.value,
      headers: {
        'x-error-code': letter.code,
        'x-error-message': letter.message,
        'x-source-topic': this.sourceTopic,
        'x-source-partition': String(letter.partition),
        'x-source-offset': letter.offset,
      },
    }));
    for (const chunk of chunkBySize(messages, MAX_REQUEST_BYTES))
      await this.send(chunk, deadLetters[0], isActive);
  }

  private async send(messages: DlqMessage[], first: DeadLetter, isActive: () => boolean): Promise<void> {
    await retryWithBackoff(
      () =>
        this.producer.send({ topic: this.dlqTopic, acks: -1, compression: CompressionTypes.None, messages }),
      {
        isActive,
        isRetriable: () => true,
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
