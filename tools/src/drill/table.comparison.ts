import { Client } from 'pg';
import type { KafkaMessage } from 'kafkajs';
import type { GroundTruth } from './ground-truth';
import type { MismatchLog } from './mismatch.log';
import { readTopic } from './topic.reader';

/**
 * Compares every daily_metrics row with the ground truth, both ways. Returns the rows compared. A row
 * holding 0 is the same as no row: a visit metric can go back to 0 (a bounce that got its second event,
 * a visit moved to an earlier date), and the truth keeps only what is not 0.
 */
export async function compareDailyMetrics(
  databaseUrl: string,
  expected: Map<string, number>,
  mismatches: MismatchLog,
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{
      project_id: string;
      date: string;
      metric_name: string;
      metric_value: string;
    }>('SELECT project_id::text, date::text AS date, metric_name, metric_value::text FROM daily_metrics');
    const seen = new Set<string>();
    for (const row of result.rows) {
      if (row.metric_value === '0') continue;
      const key = `${row.project_id}|${row.date}|${row.metric_name}`;
      seen.add(key);
      const want = expected.get(key);
      if (want === undefined) mismatches.add('daily_metrics', `unexpected row ${key} = ${row.metric_value}`);
      else if (String(want) !== row.metric_value)
        mismatches.add('daily_metrics', `${key} is ${row.metric_value}, expected ${want}`);
    }
    for (const [key, value] of expected) {
      if (value !== 0 && !seen.has(key))
        mismatches.add('daily_metrics', `missing row ${key} (expected ${value})`);
    }
    return Math.max(result.rows.length, expected.size);
  } finally {
    await client.end();
  }
}

export interface DlqComparison {
  records: number;
  /** Dead letters written again for a source record already dead-lettered (a crash before its offset commit). */
  duplicates: number;
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString() ?? '';
const sameBytes = (a: Buffer | null, b: Buffer | null) => (a ?? Buffer.alloc(0)).equals(b ?? Buffer.alloc(0));

/** Reads the whole DLQ and checks that each invalid source record is there once, unchanged, with its code. */
export async function compareDeadLetters(
  brokers: string,
  dlqTopic: string,
  sourceTopic: string,
  truth: GroundTruth,
  mismatches: MismatchLog,
): Promise<DlqComparison> {
  const found = new Set<string>();
  let duplicates = 0;
  const records = await readTopic(brokers, dlqTopic, (_partition, message) => {
    const source = `${header(message, 'x-source-partition')}:${header(message, 'x-source-offset')}`;
    const expected = truth.deadLetters.get(source);
    if (found.has(source)) {
      duplicates += 1;
      return;
    }
    found.add(source);
    if (!expected) return mismatches.add('dlq', `dead letter for ${source}, which is a valid record or none`);
    const code = header(message, 'x-error-code');
    if (code !== expected.code)
      mismatches.add('dlq', `${source} has code ${code}, expected ${expected.code}`);
    if (header(message, 'x-source-topic') !== sourceTopic)
      mismatches.add('dlq', `${source} names source topic ${header(message, 'x-source-topic')}`);
    if (!header(message, 'x-error-message')) mismatches.add('dlq', `${source} has no x-error-message`);
    if (!sameBytes(message.key, expected.key) || !sameBytes(message.value, expected.value)) {
      mismatches.add('dlq', `${source}: key or value bytes differ from the source record`);
    }
  });
  for (const [source, expected] of truth.deadLetters) {
    if (!found.has(source)) mismatches.add('dlq', `no dead letter for ${source} (${expected.code})`);
  }
  return { records, duplicates };
}
