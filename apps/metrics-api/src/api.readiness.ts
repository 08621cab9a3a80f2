import type { MetricsStore } from '@metrics-store/metrics-db';
import type { ApiKeyDirectory } from './auth/api-key.directory';

// /readyz answers within this, whatever the database does.
const READINESS_DEADLINE_MS = 1_000;

function withinDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true), late]).finally(() => clearTimeout(timer));
}

/**
 * Whether the API is ready, the same on PORT and on the ops port: keys can be checked and the database
 * answers, both within a second.
 */
export function apiReadiness(
  store: Pick<MetricsStore, 'ping'>,
  keys: Pick<ApiKeyDirectory, 'isFresh'>,
): () => Promise<boolean> {
  return async () => keys.isFresh() && withinDeadline(store.ping(), READINESS_DEADLINE_MS);
}
