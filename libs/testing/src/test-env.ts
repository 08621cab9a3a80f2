/**
 * Variables the Jest global setup sets for the test processes: where the PostgreSQL 16 server and the
 * Kafka brokers of this run are. Tests never read DATABASE_URL / KAFKA_BROKERS themselves, so that a
 * developer's own settings cannot leak into a test.
 */
export const TEST_ENV = {
  databaseServerUrl: 'METRICS_TEST_DATABASE_URL',
  kafkaBrokers: 'METRICS_TEST_KAFKA_BROKERS',
} as const;

export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the tests through Jest with the workspace preset (jest.preset.js)`,
    );
  }
  return value;
}

/**
 * The VISITOR_KEY_SECRET of consumers under test: fixed, so that a test can work out the key of an id it sent
 * (the HMAC of docs/events.md under this secret).
 */
export const TEST_VISITOR_KEY_SECRET = 'test-visitor-key-secret-0123456789abcdef';
