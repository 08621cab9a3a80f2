import type { ObtainedServices } from '../infra/obtain-services';
import { TEST_SERVICES_KEY } from './test-services-key';

/** Stops what the global setup started (nothing, when the URLs came from the environment). */
export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>)[TEST_SERVICES_KEY] as ObtainedServices | undefined;
  await services?.stop();
}
