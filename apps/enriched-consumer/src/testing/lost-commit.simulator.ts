import { Client } from 'pg';

// The tables one applyBatch writes, in the order applyBatch locks them (the offsets first), so no deadlock.
const TABLES = [
  'consumer_offsets',
  'visit_sessions',
  'daily_metrics',
  'daily_distinct',
  'distinct_sketch_deltas',
];

async function inTransaction<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
}

/** Records counted according to `table` (consumer_offsets or its copy): the stored next offsets, summed. */
async function countedIn(client: Client, table: string): Promise<number> {
  const { rows } = await client.query<{ counted: string }>(
    `SELECT coalesce(sum(next_offset), 0)::text AS counted FROM ${table}`,
  );
  return Number(rows[0].counted);
}

/**
 * What a PostgreSQL crash with `synchronous_commit off` does to the consumer's tables: the last commits it saw
 * acknowledged vanish, counts and offsets together, and the database is back at an earlier consistent state.
 * `snapshot()` copies that state between two flushes; `loseCommitsSinceSnapshot()` puts it back.
 */
export class LostCommitSimulator {
  constructor(private readonly databaseUrl: string) {}

  /**
   * Copies the counting tables between two flushes (a SHARE lock waits for the flush in flight), and returns
   * the records counted in that copy: read in the same transaction, as flushes commit again right after it.
   */
  snapshot(): Promise<number> {
    return inTransaction(this.databaseUrl, async (client) => {
      await client.query(`LOCK TABLE ${TABLES.join(', ')} IN SHARE MODE`);
      for (const table of TABLES) {
        await client.query(`DROP TABLE IF EXISTS lost_commit_${table}`);
        await client.query(`CREATE TABLE lost_commit_${table} AS SELECT * FROM ${table}`);
      }
      return countedIn(client, 'lost_commit_consumer_offsets');
    });
  }

  /**
   * Puts the snapshot back, as if every commit since had been lost, and returns the records counted then, read
   * before the consumer can flush again.
   */
  loseCommitsSinceSnapshot(): Promise<number> {
    return inTransaction(this.databaseUrl, async (client) => {
      await client.query(`LOCK TABLE ${TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
      for (const table of TABLES) {
        await client.query(`DELETE FROM ${table}`);
        await client.query(`INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM lost_commit_${table}`);
      }
      return countedIn(client, 'consumer_offsets');
    });
  }
}
