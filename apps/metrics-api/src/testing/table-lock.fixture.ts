import type { Client } from 'pg';

/**
 * Holds an ACCESS EXCLUSIVE lock on `table` through `client` (a connection of the test's own) until
 * `release()`: every statement of the code under test that touches the table waits meanwhile.
 */
export async function lockTable(client: Client, table: string) {
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    /** Resolves once some other session's statement waits for the lock. */
    async untilSomeoneWaits(): Promise<void> {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = $1::regclass`,
          [table],
        );
        if (rows[0].n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`nothing waited for the lock on ${table} within 10 s`);
    },
    release: () => client.query('ROLLBACK').then(() => undefined),
  };
}
