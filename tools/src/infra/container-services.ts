import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { IMAGE_SERVER_PROPERTIES } from './broker-settings';
import { BROKER_PROPERTIES } from './local-paths';

export interface ContainerServices {
  serverUrl: string;
  kafkaBrokers: string;
  stop(): Promise<void>;
}

/** The broker image of the tests; docker compose runs the same (broker-settings.spec.ts checks it). */
export const KAFKA_IMAGE = 'apache/kafka:4.1.1';
const POSTGRES_IMAGE = 'postgres:16';

/**
 * The Kafka container: the shared broker settings as the image's server.properties, and the node's own
 * settings as its environment. The advertised listener is the port Docker maps on the host.
 */
export function kafkaContainerConfig(kafkaHostPort: number): {
  environment: Record<string, string>;
  files: { source: string; target: string }[];
} {
  return {
    environment: {
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaHostPort}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
    },
    files: [{ source: BROKER_PROPERTIES, target: IMAGE_SERVER_PROPERTIES }],
  };
}

/** The same two services as Testcontainers, for machines with a Docker engine (the tests' second choice). */
export async function startContainerServices(kafkaHostPort: number): Promise<ContainerServices> {
  const postgres = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withUsername('postgres')
    .withPassword('postgres')
    .start();
  const kafkaConfig = kafkaContainerConfig(kafkaHostPort);
  let kafka: StartedTestContainer;
  try {
    kafka = await new GenericContainer(KAFKA_IMAGE)
      .withExposedPorts({ container: 9092, host: kafkaHostPort })
      .withEnvironment(kafkaConfig.environment)
      .withCopyFilesToContainer(kafkaConfig.files)
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start();
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  const serverUrl = `postgres://postgres:postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`;
  return {
    serverUrl,
    kafkaBrokers: `127.0.0.1:${kafkaHostPort}`,
    stop: async () => {
      await Promise.allSettled([kafka.stop(), postgres.stop()]);
    },
  };
}
