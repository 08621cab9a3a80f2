import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { pgPoolOf } from './pg-pool.util';

/** A statement the server parses and plans once per pooled connection, then only executes. */
export interface NamedStatement {
  /** Unique per text: node-postgres refuses one name for two texts on a connection. */
  name: string;
  text: string;
}

/**
 * The reads the API makes on every request, as named prepared statements on TypeORM's own pool: the server
 * parses and plans each once per connection instead of every time, no query runner stands in between, and
 * rows come back as arrays, which spares an object per row.
 */
export class PgStatementRunner {
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = pgPoolOf(dataSource);
  }

  async rows<R extends unknown[]>(statement: NamedStatement, values: unknown[]): Promise<R[]> {
    const result = await this.pool.query<R>({ ...statement, values, rowMode: 'array' });
    return result.rows;
  }

  /**
   * The statement inside its own transaction after `setup` (e.g. `SET LOCAL work_mem = ...`, which ends with
   * the transaction, so the pooled connection keeps the server defaults). BEGIN and setup share a round trip.
   */
  async rowsInTransaction<R extends unknown[]>(
    setup: string,
    statement: NamedStatement,
    values: unknown[],
  ): Promise<R[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; ${setup}`);
      const result = await client.query<R>({ ...statement, values, rowMode: 'array' });
      await client.query('COMMIT');
      return result.rows;
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool rather than handed to the next read.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
