import type { Pool, PoolClient } from 'pg';
import { SKETCH_WRITER_LOCK_KEY } from './sketch-merge.statements';

/**
 * Runs `work` on a connection of its own holding the sketch writers' session lock: only one merger or rebuild
 * writes sketches at a time across all processes, so a sketch read and written back by one cannot be
 * overwritten in between by another. With `wait: false` it gives up at once (undefined) when another holds it.
 */
export async function withSketchWriterLock<T>(
  pool: Pool,
  options: { wait: boolean },
  work: (client: PoolClient) => Promise<T>,
): Promise<T | undefined> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    if (options.wait) {
      await client.query('SELECT pg_advisory_lock($1)', [SKETCH_WRITER_LOCK_KEY]);
    } else {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        SKETCH_WRITER_LOCK_KEY,
      ]);
      if (!rows[0].locked) return undefined;
    }
    try {
      return await work(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SKETCH_WRITER_LOCK_KEY]).catch((error: Error) => {
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
