import type { Pool, PoolClient } from 'pg';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';
import { withAdvisoryLock } from '../pg/advisory-lock';
import { arrayRows } from '../pg/array-rows';
import type { RetentionStep, RetentionStepResult } from '../metrics-store.types';

/** One remover at a time across every process on the database (pg_try_advisory_lock). */
export const RETENTION_LOCK_KEY = 7_305_114_023;

const DELETE_EXPIRED_SESSIONS = `
  DELETE FROM visit_sessions
  WHERE ctid = ANY(ARRAY(SELECT ctid FROM visit_sessions WHERE end_date < $1::date LIMIT $2))`;

const CLEARED_BEFORE = `SELECT cleared_before::text FROM visitor_state_retention`;

// The next (project, date) after the cursor, of a date in [cleared_before, $1), that counted distinct keys:
// read from daily_metrics through its (project_id, date) index, from the cursor on.
const NEXT_DAY_TO_CLEAR = `
  SELECT project_id::text, date::text FROM daily_metrics
  WHERE metric_name IN ('${DISTINCT_KINDS.user.metric}', '${DISTINCT_KINDS.session.metric}')
    AND date < $1::date AND ($2::date IS NULL OR date >= $2::date)
    AND ($3::uuid IS NULL OR (project_id, date) > ($3::uuid, $4::date))
  ORDER BY project_id, date
  LIMIT 1`;

const DELETE_KEYS_OF_DAY = `
  DELETE FROM daily_distinct
  WHERE ctid = ANY(ARRAY(SELECT ctid FROM daily_distinct WHERE project_id = $1 AND date = $2::date LIMIT $3))`;

const MARK_CLEARED = `UPDATE visitor_state_retention SET cleared_before = $1::date, updated_at = now()
  WHERE cleared_before IS NULL OR cleared_before < $1::date`;

const DEFAULT_MAX_ROWS = 5_000;

async function step(client: PoolClient, options: RetentionStep): Promise<RetentionStepResult> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const sessions = (await client.query(DELETE_EXPIRED_SESSIONS, [options.before, maxRows])).rowCount ?? 0;
  const removed = { sessionsRemoved: sessions, keysRemoved: 0 };
  if (sessions === maxRows) return { status: 'more', ...removed, after: options.after };
  const [[cleared]] = await arrayRows<[string | null]>(client, CLEARED_BEFORE, []);
  if (cleared !== null && cleared >= options.before) return { status: 'done', ...removed };
  const [day] = await arrayRows<[string, string]>(client, NEXT_DAY_TO_CLEAR, [
    options.before,
    cleared,
    options.after?.projectId ?? null,
    options.after?.date ?? null,
  ]);
  if (!day) {
    await client.query(MARK_CLEARED, [options.before]);
    return { status: 'done', ...removed };
  }
  const [projectId, date] = day;
  removed.keysRemoved = (await client.query(DELETE_KEYS_OF_DAY, [projectId, date, maxRows])).rowCount ?? 0;
  // A day with keys left is taken again next step; one done moves the cursor past it.
  return {
    status: 'more',
    ...removed,
    after: removed.keysRemoved < maxRows ? { projectId, date } : options.after,
  };
}

/**
 * One bounded step of removing what is kept about visitors for the dates before `before`: session state by
 * its end date, then the keys of daily_distinct a project-day at a time (the counters and sketches of those
 * dates stay). Each step is its own small transaction, so that flushes, which never write such dates, are not
 * held up; the caller pauses between steps and passes `after` on. `busy` while another process removes.
 */
export async function removeExpiredVisitorState(
  pool: Pool,
  options: RetentionStep,
): Promise<RetentionStepResult> {
  const result = await withAdvisoryLock(pool, RETENTION_LOCK_KEY, { wait: false }, (client) =>
    step(client, options),
  );
  return result ?? { status: 'busy' };
}
