import type { Pool, PoolClient } from 'pg';
import { normalizeProjectId } from '../domain/input.validators';
import type { EraseProjectOptions, ProjectErasure } from '../metrics-store.types';
import { MetricsDbError } from '../pg/metrics-db.error';
import { PROJECT_ROWS_ERASERS, PRUNE_ERASED_API_KEYS } from './project-erase.statements';
import { SKETCH_WRITER_LOCK_KEY } from './sketch-merge.statements';

/*
 * Why an erase is all or nothing for every flush of the project, without holding up other projects' flushes.
 *
 * - One transaction, REPEATABLE READ: every statement sees the rows of one snapshot. A flush that committed
 *   before it is erased whole; one that commits later is not seen at all, so its rows stay, whole: it counted
 *   the project anew. A row that a flush changed after the snapshot and that the erase then reaches makes the
 *   erase fail (serialization_failure) rather than remove half of that flush: it starts again.
 * - The erase never waits long on a row lock (lock_timeout): a flush in flight holds the project's counter
 *   rows for a few milliseconds, and waiting for it to commit could only end in that failure. It gives up at
 *   once, rolls back and tries again shortly, until the rows are free (at most ERASE_DEADLINE_MS of tries).
 *   Giving up first also means a flush that waits on the erase's rows while the erase waits on one of its own
 *   is never the one PostgreSQL aborts as a deadlock.
 * - Sessions, then counters, first (project-erase.statements.ts), in the order a flush locks them: a flush that
 *   starts once they are taken waits on them before writing anything else of the project, and goes on once the
 *   erase commits, counting its events anew.
 * - A sketch merger that read a project's keys before the erase could write its sketches back after it. The
 *   erase holds the sketch writers' advisory lock for its whole length, so no merge round or rebuild is in
 *   between (rounds meanwhile answer `busy`; the keys of other projects wait and are merged right after).
 * - Only rows of the project are locked: flushes of other projects never wait on the erase.
 */

// Longer than a flush holds its counter rows, far shorter than PostgreSQL's deadlock_timeout (1 s).
const ROW_LOCK_WAIT = '200ms';
const ERASE_DEADLINE_MS = 30_000;
const FIRST_PAUSE_MS = 20;
const MAX_PAUSE_MS = 500;

// An erase is as long as the project is big: the pool's statement_timeout (the API's 5 s) does not apply.
const BEGIN_ERASE = `BEGIN ISOLATION LEVEL REPEATABLE READ;
  SET LOCAL statement_timeout = 0;
  SET LOCAL lock_timeout = '${ROW_LOCK_WAIT}'`;

// What makes an attempt start again: a concurrent change since the snapshot, a row lock held too long, a
// deadlock PostgreSQL broke by aborting the erase.
const CONFLICTS = new Set(['40001', '55P03', '40P01']);

const isConflict = (error: unknown) => CONFLICTS.has((error as { code?: string }).code ?? '');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eraseOnce(
  client: PoolClient,
  projectId: string,
  options: EraseProjectOptions,
): Promise<Record<string, number>> {
  await client.query(BEGIN_ERASE);
  const removed: Record<string, number> = {};
  for (const { table, statement } of PROJECT_ROWS_ERASERS) {
    removed[table] = (removed[table] ?? 0) + ((await client.query(statement, [projectId])).rowCount ?? 0);
    await options.afterTable?.(table);
  }
  await client.query(PRUNE_ERASED_API_KEYS);
  await client.query('COMMIT');
  return removed;
}

/** Runs `work` holding the merger's advisory lock of this session; waits for a merge round in progress. */
async function withoutMerges<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  // In a transaction of its own for the SET LOCAL: a session lock outlives it, until the unlock below.
  await client.query('BEGIN; SET LOCAL statement_timeout = 0');
  await client.query('SELECT pg_advisory_lock($1)', [SKETCH_WRITER_LOCK_KEY]);
  await client.query('COMMIT');
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SKETCH_WRITER_LOCK_KEY]);
  }
}

/**
 * Removes every stored row of the project in one transaction and says how many per table. Tries again while
 * flushes of the project keep its rows busy, for up to ERASE_DEADLINE_MS; past it, a retriable `project_busy`.
 */
export async function eraseProject(
  pool: Pool,
  projectId: string,
  options: EraseProjectOptions = {},
): Promise<ProjectErasure> {
  const id = normalizeProjectId(projectId);
  const client = await pool.connect();
  // A connection whose transaction or lock state is unknown is closed, never pooled again.
  let broken: Error | undefined;
  try {
    const removed = await withoutMerges(client, async () => {
      const deadline = Date.now() + ERASE_DEADLINE_MS;
      for (let attempt = 0; ; attempt++) {
        try {
          return await eraseOnce(client, id, options);
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
          if (broken || !isConflict(error)) throw error;
          const pause = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
          if (Date.now() + pause > deadline) {
            throw new MetricsDbError(
              'project_busy',
              `the rows of project ${id} stayed busy with flushes for ${ERASE_DEADLINE_MS / 1000} s; nothing was erased`,
              true,
              { cause: error },
            );
          }
          await sleep(pause);
        }
      }
    });
    return { projectId: id, removed };
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
