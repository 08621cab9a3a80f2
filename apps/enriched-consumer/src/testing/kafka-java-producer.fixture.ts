import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testKafkaBrokers } from '@metrics-store/testing';
import type { TestRecord } from './event-stream.fixture';

const REPO_ROOT = join(__dirname, '../../../..');
// The jars `npm run infra:install` resolves for the local broker hold the Java client and its codecs.
const KAFKA_LIBS = join(REPO_ROOT, '.local', 'kafka', 'libs');
const SOURCE = join(__dirname, 'kafka-java-producer.fixture.java');

export type JavaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Kafka's record stream for the Java fixture: key then value, each an int32 length (-1: null) and its bytes. */
function recordStream(records: TestRecord[]): Buffer {
  const parts: Buffer[] = [];
  const write = (data: string | Buffer | null) => {
    const length = Buffer.alloc(4);
    if (data === null) {
      length.writeInt32BE(-1);
      parts.push(length);
      return;
    }
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
    length.writeInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const record of records) {
    write(record.key);
    write(record.value);
  }
  return Buffer.concat(parts);
}

/**
 * Writes `records` to partition 0 of `topic` with Kafka's own Java producer and `compression`, in batches as
 * large as it makes them (up to 1 MiB). Resolves once every record is acknowledged by all in-sync replicas.
 */
export async function produceWithJava(
  topic: string,
  records: TestRecord[],
  compression: JavaCompression,
  brokers = testKafkaBrokers(),
): Promise<void> {
  if (!existsSync(KAFKA_LIBS) || !readdirSync(KAFKA_LIBS).some((jar) => jar.startsWith('kafka-clients-'))) {
    throw new Error(`the Kafka client jars are not in ${KAFKA_LIBS}: run \`npm run infra:install\``);
  }
  const child = spawn('java', ['-cp', join(KAFKA_LIBS, '*'), SOURCE, brokers.join(','), topic, compression], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  child.stdin.end(recordStream(records));
  const code = await exit;
  if (code !== 0) throw new Error(`the Java producer exited with ${code}:\n${stderr.slice(-4_000)}`);
}
