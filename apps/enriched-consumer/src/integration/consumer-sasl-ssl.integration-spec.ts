import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import pino from 'pino';
import { startSecureTestKafka, type KafkaUser, type SecureTestKafka } from '@metrics-store/testing';
import { loadConsumerConfig } from '../consumer.config';
import { startConsumer, type RunningConsumer } from '../enriched-consumer.service';
import { KafkaAccessError } from '../failures/kafka-access.error';
import { expectedRows, projectId, type TestEvent, type TestRecord } from '../testing/event-stream.fixture';
import {
  countedRecords,
  exited,
  openTestBed,
  produce,
  readDailyMetrics,
  readTopic,
  spawnConsumer,
  waitUntil,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const SCRAM_USER: KafkaUser = { name: 'metrics', password: 'scram-secret-4d1f' };
const REVOKED_USER: KafkaUser = { name: 'metrics-revoked', password: 'revoked-secret-77a2' };
const PLAIN_USER: KafkaUser = { name: 'metrics-plain', password: 'plain-secret-9c3e' };
const WRONG_PASSWORD = 'wrong-secret-0b5a';
// After this, every SASL client must authenticate again on its connections (connections.max.reauth.ms);
// kafkajs does so 10 s before the end, so a revoked user is refused within about 5 s.
const SESSION_LIFETIME_MS = 15_000;
const RETRY_LOG_LINES = ['kafka_unavailable', 'database_unavailable', 'consumer_restarting'];
/** The log lines of a wait or a restart among `lines`. */
const retryLines = (lines: { msg?: unknown }[]) =>
  lines.filter((line) => RETRY_LOG_LINES.includes(String(line.msg)));

let serial = 0;
function validEvent(project: string, type: string, ids: Partial<TestEvent> = {}): TestRecord {
  const event: TestEvent = {
    event_id: `5a1e7c3d-2b4f-4e6a-9d8c-${(serial += 1).toString(16).padStart(12, '0')}`,
    project_id: project,
    type,
    timestamp: new Date(Date.now() - 3_600_000).toISOString(),
    ...ids,
  };
  return { key: project, value: JSON.stringify(event), event };
}

interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
}

/**
 * Runs the consumer as deployed until it exits, or for at most `limitMs`. NODE_ENV is not `test`, which would
 * shorten kafkajs's retries to about 2 s: a retry loop here would take its production time (a minute and more).
 */
async function runConsumerUntilExit(env: Record<string, string>, limitMs: number) {
  const child = spawnConsumer({ ...env, LOG_LEVEL: 'info', NODE_ENV: 'production' }, 'pipe');
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let deadline: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exited(child),
    new Promise<'still running'>(
      (resolve) => (deadline = setTimeout(() => resolve('still running'), limitMs)),
    ),
  ]);
  clearTimeout(deadline);
  if (code === 'still running') child.kill('SIGKILL');
  await exited(child);
  const lines = output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
  return { code, output, lines, fatal: lines.filter((line) => line.level === 60) };
}

/** A pino logger whose lines the test reads. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines, text: () => JSON.stringify(lines) };
}

describe('enriched-consumer through a SASL_SSL listener (real Kafka with TLS and SASL, real PostgreSQL)', () => {
  let kafka: SecureTestKafka;
  const beds: ConsumerTestBed[] = [];
  const consumers: RunningConsumer[] = [];

  beforeAll(async () => {
    kafka = await startSecureTestKafka({
      scramUsers: [SCRAM_USER, REVOKED_USER],
      plainUsers: [PLAIN_USER],
      sessionLifetimeMs: SESSION_LIFETIME_MS,
    });
  }, 180_000);
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  });
  afterAll(async () => {
    await Promise.all(beds.splice(0).map((bed) => bed.dispose()));
    await kafka?.stop();
  }, 60_000);

  /** A database and topics of the test's own; the topics made through the PLAINTEXT listener. */
  const openBed = async () => {
    const bed = await openTestBed(2, [kafka.brokers]);
    beds.push(bed);
    return bed;
  };
  const consumerEnv = (
    bed: ConsumerTestBed,
    mechanism: string,
    user: KafkaUser,
    password = user.password,
  ) => ({
    ...bed.env,
    KAFKA_BROKERS: kafka.saslSslBrokers,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: kafka.caFile,
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: user.name,
    KAFKA_SASL_PASSWORD: password,
    FLUSH_INTERVAL_MS: '100',
  });
  const start = async (
    env: Record<string, string>,
    logger: pino.Logger,
    onFatal: (error: unknown) => void = () => undefined,
  ) => {
    const consumer = await startConsumer(loadConsumerConfig(env), { logger, onFatal });
    consumers.push(consumer);
    return consumer;
  };
  /** A client of the test's own on the SASL_SSL listener, set up independently of the consumer's code. */
  const secureClient = (sasl: SASLOptions) =>
    new Kafka({
      clientId: 'sasl-ssl-test',
      brokers: [kafka.saslSslBrokers],
      ssl: { ca: [readFileSync(kafka.caFile, 'utf8')] },
      sasl,
      logLevel: logLevel.NOTHING,
    });
  const scramClient = () =>
    secureClient({ mechanism: 'scram-sha-512', username: SCRAM_USER.name, password: SCRAM_USER.password });
  const waitUntilCounted = (bed: ConsumerTestBed, records: number) =>
    waitUntil(`${records} records counted`, async () => (await countedRecords(bed)) >= records, 60_000);

  it('counts valid events and dead-letters an invalid one with SCRAM-SHA-512, read back through the same listener', async () => {
    const bed = await openBed();
    const project = projectId(1);
    const invalid: TestRecord = { key: project, value: '{"event_id": "cut short' };
    const records = [
      validEvent(project, 'page_view', { user_id: 'u1', session_id: 's1' }),
      validEvent(project, 'page_view', { user_id: 'u2', session_id: 's1' }),
      invalid,
      validEvent(project, 'click', { user_id: 'u1' }),
      validEvent(project, 'signup', { anonymous_id: 'a1', session_id: 's2' }),
    ];
    await produce(bed.topic, records, 100, 0, scramClient());
    const log = capturedLogger();
    await start(consumerEnv(bed, 'scram-sha-512', SCRAM_USER), log.logger);
    await waitUntilCounted(bed, records.length);

    const valid = records.flatMap((record) => (record.event ? [record.event] : []));
    const rows = await readDailyMetrics(bed.database.url);
    expect(rows).toEqual(expectedRows(valid, new Map()));
    expect([...rows].find(([key]) => key.endsWith(' total_events'))?.[1]).toBe(4);
    const letters = await readTopic(bed.dlqTopic, 1, 30_000, scramClient());
    expect(letters).toHaveLength(1);
    expect(letters[0].headers['x-error-code']).toBe('invalid_json');
    expect(String(letters[0].value)).toBe(invalid.value);
    expect(log.text()).not.toContain(SCRAM_USER.password);
  });

  it.each([
    ['plain', PLAIN_USER],
    ['SCRAM-SHA-256', SCRAM_USER],
  ])('counts through the same listener with %s', async (mechanism, user) => {
    const bed = await openBed();
    const records = [
      validEvent(projectId(2), 'page_view', { user_id: 'p1' }),
      validEvent(projectId(2), 'click', { user_id: 'p2' }),
    ];
    await produce(bed.topic, records, 100, 0, scramClient());
    await start(consumerEnv(bed, mechanism, user), capturedLogger().logger);
    await waitUntilCounted(bed, records.length);
    expect(await readDailyMetrics(bed.database.url)).toEqual(
      expectedRows(
        records.map((record) => record.event as TestEvent),
        new Map(),
      ),
    );
  });

  it('ends the process on a wrong password with one clear fatal line, without retrying', async () => {
    const bed = await openBed();
    // A retry loop would never end.
    const { code, output, lines, fatal } = await runConsumerUntilExit(
      consumerEnv(bed, 'scram-sha-512', SCRAM_USER, WRONG_PASSWORD),
      30_000,
    );
    expect(code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0].msg).toBe('consumer_fatal');
    expect(fatal[0].err?.message).toMatch(
      new RegExp(
        `^Kafka authentication failed for user "${SCRAM_USER.name}" with mechanism SCRAM-SHA-512 at ${kafka.saslSslBrokers}: .*invalid credentials`,
      ),
    );
    expect(retryLines(lines)).toEqual([]);
    expect(output).not.toContain(WRONG_PASSWORD);
  });

  it('refuses to start for an unknown user at once, and names the user and mechanism', async () => {
    const bed = await openBed();
    const log = capturedLogger();
    const starting = start(
      consumerEnv(bed, 'plain', { name: 'nobody', password: PLAIN_USER.password }),
      log.logger,
    );
    await expect(starting).rejects.toThrow(KafkaAccessError);
    await expect(starting).rejects.toThrow(
      /^Kafka authentication failed for user "nobody" with mechanism PLAIN at /,
    );
    expect(retryLines(log.lines)).toEqual([]);
    expect(log.text()).not.toContain(PLAIN_USER.password);
  });

  it("ends the process when the broker's certificate is signed by a CA it does not trust, and says so, without retrying", async () => {
    const bed = await openBed();
    // Without KAFKA_SSL_CA_FILE only the system's CAs are trusted, and none of them signed the test CA. kafkajs
    // alone would retry this connection error for over a minute.
    const { KAFKA_SSL_CA_FILE: _trusted, ...systemCas } = consumerEnv(bed, 'scram-sha-512', SCRAM_USER);
    const { code, lines, fatal } = await runConsumerUntilExit(systemCas, 30_000);
    expect(code).toBe(1);
    expect(fatal).toHaveLength(1);
    expect(fatal[0].msg).toBe('consumer_fatal');
    // Node 24 appends a hint about --use-system-ca to Node's words.
    expect(fatal[0].err?.message).toMatch(
      new RegExp(
        `^Kafka TLS failed at ${kafka.saslSslBrokers}: the broker's certificate is signed by a CA the consumer does not trust ` +
          `\\(UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate(; [^)]*)?\\); KAFKA_SSL_CA_FILE is unset`,
      ),
    );
    expect(retryLines(lines)).toEqual([]);
  });

  it('reports a user revoked while the consumer runs as fatal, without restarting', async () => {
    const bed = await openBed();
    const first = [validEvent(projectId(3), 'page_view', { user_id: 'r1' })];
    await produce(bed.topic, first, 100, 0, scramClient());
    const log = capturedLogger();
    const fatal: unknown[] = [];
    await start(consumerEnv(bed, 'scram-sha-512', REVOKED_USER), log.logger, (error) => fatal.push(error));
    await waitUntilCounted(bed, first.length);
    // A new broker's group coordinator may still be loading at the first join, which is waited out.
    const linesBefore = log.lines.length;

    await kafka.removeScramCredential(REVOKED_USER.name, 'SCRAM-SHA-512');
    await waitUntil(
      'the consumer to report the revoked user',
      async () => fatal.length > 0,
      SESSION_LIFETIME_MS + 30_000,
    );
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBeInstanceOf(KafkaAccessError);
    expect((fatal[0] as Error).message).toMatch(
      /^Kafka authentication failed for user "metrics-revoked" with mechanism SCRAM-SHA-512/,
    );
    expect(retryLines(log.lines.slice(linesBefore))).toEqual([]);
    expect(log.text()).not.toContain(REVOKED_USER.password);
  }, 90_000);
});
