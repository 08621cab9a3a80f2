import { Client } from 'pg';
import { requireTestEnv, TEST_ENV } from './test-env';
import { uniqueName } from './unique-name';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withServerClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * An empty database of its own on the PostgreSQL server of `serverUrl` (a URL of any of its databases, whose
 * credentials may create databases), so that no test or benchmark ever sees another's rows, or real data.
 */
export async function createScratchDatabase(serverUrl: string, prefix = 'test'): Promise<TestDatabase> {
  const name = uniqueName(prefix).toLowerCase();
  await withServerClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withServerClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => undefined),
  };
}

/** A scratch database on the run's PostgreSQL 16 server (set by the Jest global setup). */
export function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  return createScratchDatabase(requireTestEnv(TEST_ENV.databaseServerUrl), prefix);
}
