import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { pgPoolOf } from './pg-pool.util';

const guarded = new WeakSet<object>();

function guard(client: PoolClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  // Deliberately empty: the same failure reaches whoever uses the connection next (its query rejects, the
  // connection is not queryable and the pool drops it), where it is classified as retriable and retried.
  client.on('error', () => undefined);
}

/**
 * Gives every pooled connection an 'error' listener for its whole life. node-postgres emits 'error' on a
 * connection whose server goes away while no statement runs on it (a restart, pg_terminate_backend); on a
 * connection checked out between two statements, nothing else listens then, and an 'error' event without
 * a listener ends the process. Call once the data source is initialized.
 */
export function guardPoolClients(dataSource: DataSource): void {
  const pool = pgPoolOf(dataSource) as Pool & { _clients?: PoolClient[] };
  pool.on('connect', guard);
  // The connections opened during initialize, before the listener above existed.
  for (const client of pool._clients ?? []) guard(client);
}
