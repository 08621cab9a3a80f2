import { Kafka, logLevel, type Admin } from 'kafkajs';

/** Where a partition's log starts and ends (the next offset a producer gets) right now. */
export interface LogRange {
  start: bigint;
  end: bigint;
}

/** The log ranges of topics, by partition; a topic Kafka does not have maps to null. */
export class LogWatermarksReader {
  private readonly admin: Admin;
  private connected: Promise<void> | null = null;
  private topics: Promise<Set<string>> | null = null;

  constructor(brokers: string[]) {
    this.admin = new Kafka({
      clientId: 'metrics-store-offsets',
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    }).admin();
  }

  async rangesOf(topic: string): Promise<Map<number, LogRange> | null> {
    await (this.connected ??= this.admin.connect());
    const topics = await (this.topics ??= this.admin.listTopics().then((names) => new Set(names)));
    if (!topics.has(topic)) return null;
    const marks = await this.admin.fetchTopicOffsets(topic);
    return new Map(
      marks.map((mark) => [mark.partition, { start: BigInt(mark.low), end: BigInt(mark.high) }]),
    );
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
  }
}
