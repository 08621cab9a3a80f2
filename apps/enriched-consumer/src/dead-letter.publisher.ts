import { CompressionTypes, type Producer } from 'kafkajs';
import type { Logger } from '@metrics-store/runtime';
import { retryWithBackoff } from './backoff.retry';
import type { DeadLetterReason } from './record.classifier';

export interface DeadLetter extends DeadLetterReason {
  key: Buffer | null;
  value: Buffer | null;
  partition: number;
  offset: string;
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
    const messages = deadLetters.map((letter) => ({
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
    await retryWithBackoff(
      () => this.producer.send({ topic: this.dlqTopic, acks: -1, compression: CompressionTypes.None, messages }),
      {
        isActive,
        isRetriable: () => true,
        onRetry: (error, attempt, delayMs) =>
          this.logger.warn(
            {
              err: error,
              topic: this.sourceTopic,
              partition: deadLetters[0].partition,
              offset: deadLetters[0].offset,
              attempt,
              delay_ms: delayMs,
            },
            'dead_letter_send_failed',
          ),
      },
    );
  }
}
