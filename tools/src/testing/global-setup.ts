import './workspace-paths.register';
import { obtainServices } from '../infra/obtain-services';
import { TEST_SERVICES_KEY } from './test-services-key';

/**
 * Jest global setup shared by every project (jest.preset.js). Obtains PostgreSQL 16 and Kafka in the
 * order of the contract (environment URLs, containers, local processes) once per Jest run and hands their
 * URLs to the test processes; none for `npm test -- --unit`. The names match TEST_ENV of
 * @metrics-store/testing (Jest loads this file outside its module mapper: see workspace-paths.register).
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  // `npm test -- --unit`: only *.spec.ts files, which never touch the services.
  if (process.env.METRICS_TEST_UNIT_ONLY === 'true') return;
  const services = await obtainServices();
  process.env.METRICS_TEST_DATABASE_URL = services.databaseUrl;
  process.env.METRICS_TEST_KAFKA_BROKERS = services.kafkaBrokers;
  (globalThis as Record<string, unknown>)[TEST_SERVICES_KEY] = services;
}
