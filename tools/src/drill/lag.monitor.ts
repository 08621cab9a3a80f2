import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/**
 * The consumer group's lag as the contract defines progress: the offsets stored in PostgreSQL with the counts,
 * against the topic's high watermarks. Kafka's committed offsets are deliberately not consulted.
 */
export async function measureLag(
  brokers: string,
  databaseUrl: string,
  groupId: string,
  topic: string,
): Promise<number> {
  const admin = new Kafka({
    clientId: 'metrics-store-drill-lag',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  const client = new Client({ connectionString: databaseUrl });
  try {
    await admin.connect();
    await client.connect();
    const highs = await admin.fetchTopicOffsets(topic);
    const stored = await client.query<{ partition: number; next_offset: string }>(
      'SELECT partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2',
      [groupId, topic],
    );
    const next = new Map(stored.rows.map((row) => [row.partition, BigInt(row.next_offset)]));
    let lag = 0n;
    for (const { partition, high } of highs) {
      const position = next.get(partition) ?? 0n;
      lag += BigInt(high) - (position < 0n ? 0n : position);
    }
    return Number(lag);
  } finally {
    await Promise.allSettled([admin.disconnect(), client.end()]);
  }
}

/** Polls until the lag is zero; returns how long that took. Throws after `timeoutMs`. */
export async function waitForZeroLag(
  measure: () => Promise<number>,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  let lastLog = 0;
  for (;;) {
    const lag = await measure().catch(() => Number.NaN);
    if (lag === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`The lag did not reach zero within ${timeoutMs / 1000} s (last: ${lag})`);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`lag ${Number.isNaN(lag) ? 'unknown' : lag} records`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
