/**
 * Holds the local PostgreSQL 16 and Kafka 4.1 of one run (`npm run infra:up`, `npm start`, or a test run):
 * starts both, writes their URLs to the ready file, and stops both on SIGTERM/SIGINT or when its parent goes
 * away. One process owns both services so that stopping is one signal, whoever started it.
 */
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTopics } from './kafka-admin';
import { startLocalKafka, type LocalKafka } from './local-kafka';
import { ensureDatabase, postgresUrl, startLocalPostgres, type LocalPostgres } from './local-postgres';
import { writeReadyFile } from './ready-file';
import type { ServiceHostOptions, ServiceHostReady } from './service-host.options';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ServiceHostOptions;
  mkdirSync(options.stateDir, { recursive: true });
  mkdirSync(options.logsDir, { recursive: true });
  const pgLog = createWriteStream(join(options.logsDir, 'postgres.log'), { flags: 'a' });
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

  let postgres: LocalPostgres | undefined;
  let kafka: LocalKafka | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      log('stopping');
      await Promise.allSettled([kafka?.stop(), postgres?.stop()]);
      if (options.ephemeral) rmSync(options.stateDir, { recursive: true, force: true });
      log('stopped');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('disconnect', () => void stop(0));
  // A child that cannot even be spawned (e.g. EACCES on initdb) surfaces as an uncaught 'error' event; stop the
  // other service instead of leaving it running without its owner.
  process.on('uncaughtException', (error) => {
    log(`failed: ${error.message}`);
    if (!existsSync(options.readyFile)) writeReadyFile(options.readyFile, { error: error.message });
    void stop(1);
  });

  try {
    log(`starting PostgreSQL 16 on 127.0.0.1:${options.pgPort}`);
    const startingPostgres = startLocalPostgres({
      dataDir: join(options.stateDir, 'postgres'),
      port: options.pgPort,
      logLine: (line) => pgLog.write(`${line}\n`),
    });
    log(`starting Kafka on 127.0.0.1:${options.kafkaPort}`);
    const startingKafka = startLocalKafka({
      dir: join(options.stateDir, 'kafka'),
      port: options.kafkaPort,
      controllerPort: options.controllerPort,
      logFile: join(options.logsDir, 'kafka.log'),
      log,
    });
    // Started together: the JVM's start-up dominates, PostgreSQL is ready long before.
    const [pg, broker] = await Promise.allSettled([startingPostgres, startingKafka]);
    if (pg.status === 'fulfilled') postgres = pg.value;
    if (broker.status === 'fulfilled') kafka = broker.value;
    if (pg.status === 'rejected') throw pg.reason;
    if (broker.status === 'rejected') throw broker.reason;
    const readyPostgres = pg.value;
    const readyKafka = broker.value;

    await ensureDatabase(readyPostgres.serverUrl, options.database);
    if (options.topics.length > 0) await ensureTopics(readyKafka.brokers, options.topics);
    const ready: ServiceHostReady = {
      databaseUrl: postgresUrl(options.pgPort, options.database),
      serverUrl: readyPostgres.serverUrl,
      kafkaBrokers: readyKafka.brokers,
      hostPid: process.pid,
      kafkaPid: readyKafka.pid,
      pgPort: options.pgPort,
      kafkaPort: options.kafkaPort,
    };
    writeReadyFile(options.readyFile, ready);
    log('ready');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    writeReadyFile(options.readyFile, { error: message });
    log(`failed: ${message}`);
    await stop(1);
  }
}

void main();
