import { Client } from 'pg';

/**
 * WAL bytes the server writes between two readings: `pg_current_wal_insert_lsn()` (which, unlike
 * `pg_current_wal_lsn()`, also counts what asynchronous commits have not flushed yet) and `pg_wal_lsn_diff`.
 * The WAL is the whole server's: on a server shared with other work, the figure includes theirs.
 */
export async function openWalMeter(serverUrl: string) {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  const lsn = async () =>
    (await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0].lsn;
  return {
    lsn,
    /** Bytes of WAL from `since` (an LSN read before) to now. */
    bytesSince: async (since: string) =>
      Number(
        (
          await client.query<{ bytes: string }>(
            'SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::text AS bytes',
            [since],
          )
        ).rows[0].bytes,
      ),
    close: () => client.end(),
  };
}

export type WalMeter = Awaited<ReturnType<typeof openWalMeter>>;
