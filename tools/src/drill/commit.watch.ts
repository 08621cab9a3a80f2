import { Client } from 'pg';

// What any flush changes: the stored offsets move, and updated_at with them.
const OFFSETS_STATE = `SELECT coalesce(sum(next_offset), 0)::text || ' ' || coalesce(max(updated_at)::text, '')
  AS state FROM consumer_offsets`;

/**
 * Polls the stored offsets until a flush commits (their state changes), then returns at once, so that a
 * fault can follow an acknowledged commit within milliseconds. Gives up after `timeoutMs`.
 */
export async function untilNextCommit(databaseUrl: string, timeoutMs = 30_000): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async () => (await client.query<{ state: string }>(OFFSETS_STATE)).rows[0].state;
    const before = await read();
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if ((await read()) !== before) return `right after a commit (${Date.now() - started} ms of watching)`;
    }
    return `no commit seen in ${timeoutMs / 1000} s`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
