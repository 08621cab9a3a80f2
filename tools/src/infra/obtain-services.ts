export interface ObtainedServices {
  databaseUrl: string;
  kafkaBrokers: string;
  /** Where they came from: the environment, containers or local processes. */
  source: 'environment' | 'containers' | 'local';
  stop(): Promise<void>;
}

export interface ObtainOptions {
  purpose: 'test' | 'dev';
}

/** Section 7 of the contract: environment URLs win; else containers where Docker answers; else local. */
export async function obtainServices(_options: ObtainOptions): Promise<ObtainedServices> {
  const databaseUrl = process.env.DATABASE_URL;
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  if (databaseUrl && kafkaBrokers) {
    return { databaseUrl, kafkaBrokers, source: 'environment', stop: async () => undefined };
  }
  throw new Error('local services are not wired yet: set DATABASE_URL and KAFKA_BROKERS');
}
