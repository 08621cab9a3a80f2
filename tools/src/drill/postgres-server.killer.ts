import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `[pid, parent pid, state]` of every live process, read from /proc. */
function processTable(): { pid: number; ppid: number; state: string }[] {
  const table: { pid: number; ppid: number; state: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name sits in parentheses and may hold spaces: the fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.push({ pid: Number(entry), ppid: Number(ppid), state });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

/** The pid and every descendant of it still alive (zombies count as gone). */
function processTree(root: number): number[] {
  const table = processTable().filter((entry) => entry.state !== 'Z');
  const tree = new Set(table.some((entry) => entry.pid === root) ? [root] : []);
  for (let grown = true; grown;) {
    grown = false;
    for (const entry of table)
      if (tree.has(entry.ppid) && !tree.has(entry.pid)) {
        tree.add(entry.pid);
        grown = true;
      }
  }
  return [...tree];
}

/**
 * A PostgreSQL crash: SIGKILL to the postmaster of `dataDir` (its pid from postmaster.pid) and to every
 * backend and auxiliary process under it, all at once, so that none of them writes another byte (WAL buffers
 * not yet written are lost, as in a power cut of the server process). Resolves once all of them are gone;
 * the data directory keeps its stale postmaster.pid, which the next start recovers from.
 */
export async function killPostgresServer(dataDir: string, timeoutMs = 30_000): Promise<number[]> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) throw new Error(`No postmaster.pid in ${dataDir}: PostgreSQL is not running`);
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const victims = processTree(postmaster);
  if (victims.length === 0) throw new Error(`The postmaster ${postmaster} of ${dataDir} is not running`);
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (victims.some((pid) => processTree(pid).length > 0)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL processes ${victims.join(' ')} outlived SIGKILL`);
    await sleep(20);
  }
  return victims;
}
