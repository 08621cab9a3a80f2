import { CompressionTypes, type Producer } from 'kafkajs';
import type { ExpectedOutcome, TrafficGenerator } from '../traffic/traffic.generator';

/** Header carrying the record's place in the generated stream, so the drill can read Kafka back into outcomes. */
export const SEQ_HEADER = 'x-drill-seq';
const CHUNK = 500;
/** The records kept to be sent again by an enricher's crash (resendRecent). */
const RECENT = 5_000;

type DrillMessage = { key: string; value: Buffer; headers: Record<string, string> };

/**
 * Produces the seeded stream at a steady rate. A failed send (broker restarting) is sent again: Kafka may then
 * hold a record twice, which is fine, because the ground truth is built per Kafka record from a read-back.
 */
export class DrillProducer {
  /** outcomes[seq]: what must become of the record with that sequence number. */
  readonly outcomes: ExpectedOutcome[] = [];
  failedSends = 0;
  /** Records sent again as an enricher's crash does. */
  resent = 0;
  private readonly startedAt = Date.now();
  private recent: DrillMessage[] = [];

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly generator: TrafficGenerator,
    private readonly nowMs: number,
    private readonly ratePerSecond: number,
  ) {}

  get produced(): number {
    return this.outcomes.length;
  }

  async produceUntil(count: number): Promise<void> {
    while (this.outcomes.length < count) {
      const allowed = Math.floor(((Date.now() - this.startedAt) / 1000) * this.ratePerSecond);
      if (allowed <= this.outcomes.length) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const size = Math.min(CHUNK, count - this.outcomes.length, allowed - this.outcomes.length);
      const messages: DrillMessage[] = [];
      const firstSeq = this.outcomes.length;
      for (let i = 0; i < size; i += 1) {
        const record = this.generator.next(this.nowMs);
        messages.push({
          key: record.key,
          value: record.value,
          headers: { [SEQ_HEADER]: String(firstSeq + i) },
        });
        this.outcomes.push(record.outcome);
      }
      await this.send(messages);
      this.recent = [...this.recent, ...messages].slice(-RECENT);
    }
  }

  /**
   * Sends the last `count` records again, as an enricher does that crashed after producing them and before
   * committing its input: new records with the same events (and the same sequence numbers).
   */
  async resendRecent(count: number): Promise<void> {
    const again = this.recent.slice(-count);
    for (let i = 0; i < again.length; i += CHUNK) await this.send(again.slice(i, i + CHUNK));
    this.resent += again.length;
  }

  private async send(messages: DrillMessage[]): Promise<void> {
    for (;;) {
      try {
        await this.producer.send({
          topic: this.topic,
          acks: -1,
          compression: CompressionTypes.None,
          messages,
        });
        return;
      } catch {
        this.failedSends += 1;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
}
