import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@metrics-store/testing';
import { createMetricsDataSource } from '../data-source';
import { pgPoolOf } from './pg-pool.util';
import { guardPoolClients } from './pool-client.guard';

const APPLICATION_NAME = 'metrics-db-pool-guard-test';

describe('guardPoolClients', () => {
  let database: TestDatabase;
  let admin: Client;

  beforeAll(async () => {
    database = await createTestDatabase('metrics_db');
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await database.drop();
  });

  it('keeps the process alive when the server ends connections checked out between two statements', async () => {
    const dataSource = createMetricsDataSource({
      databaseUrl: database.url,
      poolSize: 2,
      applicationName: APPLICATION_NAME,
    });
    await dataSource.initialize();
    try {
      guardPoolClients(dataSource);
      const pool = pgPoolOf(dataSource);
      // The first is the connection opened during initialize; the second is opened after the guard.
      const clients = [await pool.connect(), await pool.connect()];
      for (const client of clients) await client.query('BEGIN');

      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'`,
        [APPLICATION_NAME],
      );
      expect(rows).toHaveLength(2);
      // node-postgres marks the connection unusable just before it emits 'error': without the guard, no
      // listener would take that event and it would end the test process here.
      const unusable = () =>
        clients.every((client) => !(client as unknown as { _queryable: boolean })._queryable);
      for (let waited = 0; !unusable() && waited < 5_000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      expect(unusable()).toBe(true);

      for (const client of clients) {
        await expect(client.query('SELECT 1')).rejects.toThrow();
        client.release(true);
      }
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await dataSource.destroy();
    }
  });
});
