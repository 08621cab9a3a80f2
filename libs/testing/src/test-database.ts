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

/** An empty database of its own on the run's PostgreSQL 16 server, so tests never see each other's rows. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = requireTestEnv(TEST_ENV.databaseServerUrl);
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
