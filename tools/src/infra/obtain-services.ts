import { join } from 'node:path';
import { dockerEngineAnswers } from './docker-engine';
import { freePort } from './free-port';
import { LOCAL_DIR } from './local-paths';
import { startServiceHost } from './service-host.client';

export interface ObtainedServices {
  /** For tests: the server's maintenance database (tests create their own); for apps: the app database. */
  databaseUrl: string;
  kafkaBrokers: string;
  /** Where they came from: the environment, containers or local processes. */
  source: 'environment' | 'containers' | 'local';
  stop(): Promise<void>;
}

/**
 * Section 7 of the contract, for a test run: environment URLs win; else containers where a Docker engine
 * answers; else local processes on free ports with throw-away state under .local/.
 */
export async function obtainServices(): Promise<ObtainedServices> {
  const databaseUrl = process.env.DATABASE_URL;
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  if (databaseUrl && kafkaBrokers) {
    return { databaseUrl, kafkaBrokers, source: 'environment', stop: async () => undefined };
  }
  if (dockerEngineAnswers()) {
    const { startContainerServices } = await import('./container-services');
    const containers = await startContainerServices(await freePort());
    return {
      databaseUrl: containers.serverUrl,
      kafkaBrokers: containers.kafkaBrokers,
      source: 'containers',
      stop: containers.stop,
    };
  }
  const stateDir = join(LOCAL_DIR, 'test-services', String(process.pid));
  const host = await startServiceHost(
    {
      stateDir,
      pgPort: await freePort(),
      kafkaPort: await freePort(),
      controllerPort: await freePort(),
      readyFile: join(stateDir, 'ready.json'),
      logsDir: join(stateDir, 'logs'),
      database: 'postgres',
      topics: [],
      ephemeral: true,
    },
    false,
  );
  return {
    databaseUrl: host.ready.serverUrl,
    kafkaBrokers: host.ready.kafkaBrokers,
    source: 'local',
    stop: host.stop,
  };
}
