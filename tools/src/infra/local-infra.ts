import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVisitorKeySecret } from '../start/visitor-key-secret';
import { kafkaAnswers } from './kafka-admin';
import { portAnswers } from './free-port';
import { INFRA_DIR, INFRA_ENV_FILE, LOGS_DIR } from './local-paths';
import { isAlive, startServiceHost, stopHost } from './service-host.client';
import type { ServiceHostReady } from './service-host.options';

const HOST_FILE = join(INFRA_DIR, 'host.json');

function portSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a TCP port, got "${raw}"`);
  return port;
}

/** Ports of the background services; defaults chosen not to clash with a PostgreSQL already on 5432. */
function infraPorts() {
  return {
    pgPort: portSetting('LOCAL_PG_PORT', 54329),
    kafkaPort: portSetting('LOCAL_KAFKA_PORT', 19092),
    controllerPort: portSetting('LOCAL_KAFKA_CONTROLLER_PORT', 19093),
  };
}

export function readInfraState(): ServiceHostReady | undefined {
  if (!existsSync(HOST_FILE)) return undefined;
  const state = JSON.parse(readFileSync(HOST_FILE, 'utf8')) as ServiceHostReady | { error: string };
  return 'error' in state ? undefined : state;
}

export async function infraAnswers(state: ServiceHostReady): Promise<boolean> {
  return (
    isAlive(state.hostPid) && (await portAnswers(state.pgPort)) && (await kafkaAnswers(state.kafkaBrokers))
  );
}

export interface InfraHandle {
  ready: ServiceHostReady;
  /** Whether this call started them (false: they were already running). */
  started: boolean;
  stop(): Promise<void>;
}

/**
 * Starts (or finds already running) the local PostgreSQL and Kafka. `background` leaves them running after
 * this process ends (`npm run infra:up`); otherwise they stop with it (`npm start`).
 */
export async function infraUp(log: (line: string) => void, background = true): Promise<InfraHandle> {
  const running = readInfraState();
  if (running && (await infraAnswers(running))) {
    log('Local services are already running.');
    return { ready: running, started: false, stop: async () => undefined };
  }
  if (running) await stopHost(running);
  const ports = infraPorts();
  for (const [name, port] of Object.entries(ports)) {
    if (await portAnswers(port)) {
      throw new Error(
        `Port ${port} (${name}) is already taken by another process: set LOCAL_PG_PORT / LOCAL_KAFKA_PORT / LOCAL_KAFKA_CONTROLLER_PORT`,
      );
    }
  }
  mkdirSync(INFRA_DIR, { recursive: true });
  const topic = process.env.KAFKA_TOPIC || 'events.enriched';
  log(`Starting PostgreSQL 16 and Kafka 4.1${background ? ' in the background' : ''} ...`);
  const host = await startServiceHost(
    {
      stateDir: INFRA_DIR,
      ...ports,
      readyFile: HOST_FILE,
      logsDir: LOGS_DIR,
      database: 'metrics',
      topics: [
        { topic, numPartitions: 6 },
        {
          topic: process.env.KAFKA_DLQ_TOPIC || 'events.enriched.dlq',
          numPartitions: 1,
          deadLettersOf: topic,
        },
      ],
      ephemeral: false,
    },
    background,
  );
  // The visitor key secret too, so that `npx nx serve enriched-consumer` finds everything it needs here.
  const secret = ensureVisitorKeySecret(process.env.VISITOR_KEY_SECRET);
  writeFileSync(
    INFRA_ENV_FILE,
    `DATABASE_URL=${host.ready.databaseUrl}\nKAFKA_BROKERS=${host.ready.kafkaBrokers}\nVISITOR_KEY_SECRET=${secret}\n`,
    { mode: 0o600 },
  );
  return { ready: host.ready, started: true, stop: () => infraDown(log) };
}

/** Stops what infraUp started and leaves nothing listening. */
export async function infraDown(log: (line: string) => void): Promise<void> {
  const state = readInfraState();
  if (!state) {
    log('No local services are running.');
  } else {
    log('Stopping the local services ...');
    await stopHost(state);
    log('Stopped.');
  }
  rmSync(HOST_FILE, { force: true });
  rmSync(INFRA_ENV_FILE, { force: true });
}
