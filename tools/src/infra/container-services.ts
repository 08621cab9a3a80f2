import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { PostgreSqlContainer } from '@testcontainers/postgresql';

export interface ContainerServices {
  serverUrl: string;
  kafkaBrokers: string;
  stop(): Promise<void>;
}

const KAFKA_IMAGE = 'apache/kafka:4.1.1';
const POSTGRES_IMAGE = 'postgres:16';

/**
 * The same two services as Testcontainers, for machines with a Docker engine. Kafka's advertised listener
 * must be the port Docker maps on the host, so the container is started with a fixed host port.
 */
export async function startContainerServices(kafkaHostPort: number): Promise<ContainerServices> {
  const postgres = await new PostgreSqlContainer(POSTGRES_IMAGE)
    .withUsername('postgres')
    .withPassword('postgres')
    .start();
  let kafka: StartedTestContainer;
  try {
    kafka = await new GenericContainer(KAFKA_IMAGE)
      .withExposedPorts({ container: 9092, host: kafkaHostPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaHostPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
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
