import type { TopicSpec } from './kafka-admin';

/** What the service host is asked to run; passed as one JSON argument. */
export interface ServiceHostOptions {
  stateDir: string;
  pgPort: number;
  kafkaPort: number;
  controllerPort: number;
  /** Written once the services answer: ServiceHostReady, or { error }. */
  readyFile: string;
  logsDir: string;
  /** Database to create for the apps (the test setup hands out the server URL and creates its own). */
  database: string;
  /** Topics to create once Kafka answers. */
  topics: TopicSpec[];
  /** Remove stateDir after stopping (test runs). */
  ephemeral: boolean;
}

export interface ServiceHostReady {
  databaseUrl: string;
  serverUrl: string;
  kafkaBrokers: string;
  hostPid: number;
  kafkaPid: number;
  pgPort: number;
  kafkaPort: number;
}
