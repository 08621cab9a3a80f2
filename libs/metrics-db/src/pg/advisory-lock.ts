import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on a connection of its own holding the session advisory lock `key`: one holder at a time across
 * all processes on the database (the sketch writers, the remover of expired visitor state). With `wait:
 * false` it gives up at once (undefined) when another holds it.
 */
export async function withAdvisoryLock<T>(
  pool: Pool,
  key: number,
  options: { wait: boolean },
  work: (client: PoolClient) => Promise<T>,
): Promise<T | undefined> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    if (options.wait) {
      await client.query('SELECT pg_advisory_lock($1)', [key]);
    } else {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        key,
      ]);
      if (!rows[0].locked) return undefined;
    }
    try {
      return await work(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]).catch((error: Error) => {
        // The lock ends with the session: a connection that cannot unlock is closed, not pooled.
        broken = error;
      });
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
