import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The node-postgres pool behind an initialized data source: TypeORM's postgres driver keeps it as `master`. */
export function pgPoolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
