/**
 * Every table that holds rows of a project, with the statement that removes them, in the order the erase runs
 * them (project-erase.operation.ts). A table is added here in one line; a table of the schema with a
 * `project_id` column that is missing here fails project-erase.integration-spec.ts. Each statement takes the
 * project id as $1 and its row count is the number of rows it removed.
 */
export interface ProjectRowsEraser {
  table: string;
  statement: string;
}

/** The plain case: the rows whose `project_id` is the project's. */
const byProjectId = (table: string): ProjectRowsEraser => ({
  table,
  statement: `DELETE FROM ${table} WHERE project_id = $1`,
});

// The keys go, and the hash of each stays in erased_api_keys with the time of this statement, which is how
// other API processes learn of it (migration 1795600000020): a removed row shows in no read of key changes.
// Readers of changes look back 10 s from their last read, so this runs last, just before the commit: however
// long the statements above took, the time it leaves is that of the commit within far less than that margin.
const API_KEYS: ProjectRowsEraser = {
  table: 'api_keys',
  statement: `
    WITH removed AS (DELETE FROM api_keys WHERE project_id = $1 RETURNING key_hash)
    INSERT INTO erased_api_keys (key_hash, erased_at)
    SELECT key_hash, clock_timestamp() FROM removed
    ON CONFLICT (key_hash) DO UPDATE SET erased_at = EXCLUDED.erased_at`,
};

export const PROJECT_ROWS_ERASERS: readonly ProjectRowsEraser[] = [
  // First, in the order a flush locks them: a flush locks a project's sessions, then upserts its counters,
  // before it writes anything else of the project, so a flush that starts once these rows are taken waits on
  // them and writes nothing of the project before the commit.
  byProjectId('visit_sessions'),
  byProjectId('daily_metrics'),
  byProjectId('daily_distinct'),
  byProjectId('distinct_sketch_deltas'),
  byProjectId('distinct_sketches'),
  byProjectId('project_settings'),
  API_KEYS,
];

/**
 * The hashes of erased keys are read by processes that refresh their keys every few seconds and read all of
 * them every minute: a day later nobody needs them.
 */
export const PRUNE_ERASED_API_KEYS = `DELETE FROM erased_api_keys WHERE erased_at < now() - interval '1 day'`;
