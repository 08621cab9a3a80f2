/**
 * What the consumer does with one gzip batch that inflates far beyond its size, under the heap cap of
 * `nx serve enriched-consumer` (192 MB): whether it counts the valid events either side of it, how long that
 * takes, its peak RSS and heap, and whether it ends (e.g. out of memory). Two shapes:
 *   values  <count> <bytes>  records whose value is `bytes` of JSON padding (default 20 of 10,000,000)
 *   records <count>          tombstones (default 500,000)
 *
 *   DATABASE_URL=postgres://... KAFKA_BROKERS=host:port npx tsx tools/src/bench/consumer-inflation.bench.ts values 20 10000000
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionTypes, type Message } from 'kafkajs';
import { freePort } from '../infra/free-port';
import { REPO_ROOT } from '../infra/local-paths';
import { benchEvent, countedRecords, openConsumerBench } from './bench-consumer-setup';

const SHAPE = process.argv[2] ?? 'values';
const COUNT = Number(process.argv[3] ?? (SHAPE === 'values' ? 20 : 500_000));
const VALUE_BYTES = Number(process.argv[4] ?? 10_000_000);
const TIMEOUT_MS = 300_000;

const JAVA_PRODUCER = join(REPO_ROOT, 'apps/enriched-consumer/src/testing/kafka-java-producer.fixture.java');

/**
 * Tombstones through Kafka's Java producer with 4 MiB batches (kafkajs takes minutes to send 100,000 messages in
 * one request): about 550,000 to a batch of under 1 MB compressed.
 */
async function produceTombstones(brokers: string, topic: string, before: Message, after: Message) {
  const field = (data: string | Buffer | null | undefined) => {
    const length = Buffer.alloc(4);
    if (data === null || data === undefined) return (length.writeInt32BE(-1), [length]);
    const bytes = Buffer.from(data);
    length.writeInt32BE(bytes.length);
    return [length, bytes];
  };
  const tombstone = Buffer.alloc(8, 0xff);
  const stream = Buffer.concat([
    ...field(before.key),
    ...field(before.value),
    ...Array.from({ length: COUNT }, () => tombstone),
    ...field(after.key),
    ...field(after.value),
  ]);
  const java = spawn(
    'java',
    ['-cp', join(REPO_ROOT, '.local/kafka/libs/*'), JAVA_PRODUCER, brokers, topic, 'gzip', String(4 << 20)],
    {
      stdio: ['pipe', 'inherit', 'inherit'],
    },
  );
  java.stdin.end(stream);
  const code = await new Promise((resolve) => java.once('exit', resolve));
  if (code !== 0) throw new Error(`the Java producer exited with ${code}`);
}

function bomb(): Message[] {
  const padding = `{"padding":"${' '.repeat(VALUE_BYTES - 15)}"}`;
  const value = Buffer.from(padding);
  return Array.from({ length: COUNT }, () => ({ key: null, value }));
}

/** A /proc/<pid>/status figure in MB; 0 once the process is gone. */
const statusMb = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

async function heapUsedMb(port: number): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const match = /^enriched_consumer_nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
    return match ? Number(match[1]) / 1e6 : 0;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const bench = await openConsumerBench('inflation', 1);
  try {
    const now = Date.now();
    const messages = SHAPE === 'records' ? [] : [benchEvent(0, now), ...bomb(), benchEvent(1, now)];
    if (SHAPE === 'records') {
      await produceTombstones(bench.brokers, bench.topic, benchEvent(0, now), benchEvent(1, now));
    } else {
      const producer = bench.kafka.producer();
      await producer.connect();
      // One request, one partition: kafkajs writes it as one record batch.
      await producer.send({ topic: bench.topic, acks: -1, compression: CompressionTypes.GZIP, messages });
      await producer.disconnect();
    }
    const admin = bench.kafka.admin();
    await admin.connect();
    const inflatedMb = messages.reduce((sum, m) => sum + ((m.value as Buffer | null)?.length ?? 0), 0) / 1e6;
    messages.length = 0;

    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=192', '--import', 'tsx', 'apps/enriched-consumer/src/main.ts'],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'),
          KAFKA_TOPIC: bench.topic,
          KAFKA_DLQ_TOPIC: `${bench.topic}_dlq`,
          KAFKA_GROUP_ID: bench.groupId,
          DATABASE_URL: bench.database.url,
          KAFKA_BROKERS: bench.brokers,
          CONSUMER_HTTP_PORT: String(port),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    // The last lines either stream wrote: a fatal log line, or V8's out-of-memory report.
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
    const started = performance.now();
    let peakHeap = 0;
    let peakRss = 0;
    let counted = 0;
    let hwm = 0;
    const total = COUNT + 2;
    while (performance.now() - started < TIMEOUT_MS && child.exitCode === null) {
      counted = await countedRecords(bench);
      if (child.exitCode !== null) break;
      peakRss = Math.max(peakRss, statusMb(child.pid ?? 0, 'VmRSS'));
      hwm = Math.max(hwm, statusMb(child.pid ?? 0, 'VmHWM'));
      peakHeap = Math.max(peakHeap, await heapUsedMb(port));
      if (counted >= total) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const [dlq] = await admin.fetchTopicOffsets(`${bench.topic}_dlq`);
    await admin.disconnect();
    const exit = child.exitCode;
    if (exit === null) child.kill('SIGTERM');
    const lines = [
      `batch: ${SHAPE === 'values' ? `${COUNT} values of ${VALUE_BYTES} bytes` : `${COUNT} tombstones`} between two valid events (${inflatedMb.toFixed(0)} MB of values), gzip, one record batch`,
      `outcome: ${counted} of ${total} records past the stored offset, ${dlq.high} dead letters, ${exit === null ? 'consumer still running' : `consumer exited with ${exit}`} after ${seconds.toFixed(1)} s`,
      `consumer peak RSS: ${Math.max(peakRss, hwm).toFixed(0)} MB (VmHWM ${hwm.toFixed(0)} MB), peak heap used seen on /metrics: ${peakHeap.toFixed(0)} MB`,
    ];
    if (exit !== null)
      lines.push(`consumer's last output: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
