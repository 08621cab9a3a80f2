import { readFileSync } from 'node:fs';
import { Client } from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system) a process of this machine has used so far, in ms, from /proc. */
export function processCpuMs(pid: number): number {
  // Fields 14 and 15 (utime, stime) after the parenthesised command name.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * CPU time of the PostgreSQL backends serving `applicationName`, read from /proc (the server must run on this
 * machine). Unlike wall time it does not grow when other processes compete for the CPUs, so it shows what a
 * batch costs the server on a quiet machine. Null where /proc or the backends cannot be read.
 */
export async function backendCpuReader(
  serverUrl: string,
  applicationName: string,
): Promise<(() => number | null) | null> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  let pids: number[];
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    pids = rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
  if (pids.length === 0) return null;
  return () => {
    try {
      return pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    } catch {
      return null;
    }
  };
}
