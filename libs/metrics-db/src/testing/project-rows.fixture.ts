import { Client } from 'pg';
import { openTestStore, type TestStore } from './metrics-store.fixture';

/** A store on a migrated database of its own, and a plain client on that database to look at its rows. */
export async function openStoreWithClient(): Promise<TestStore & { client: Client }> {
  const t = await openTestStore();
  const client = new Client({ connectionString: t.database.url });
  await client.connect();
  return {
    ...t,
    client,
    dispose: async () => {
      await client.end();
      await t.dispose();
    },
  };
}

/** Read straight from the schema: every table of it that has a `project_id` column, sorted. */
export async function tablesWithProjectId(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name = 'project_id'
     GROUP BY table_name ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

/** The rows of one project in every table that has a `project_id` column, each row as JSON, sorted. */
export async function projectRows(client: Client, projectId: string): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const table of await tablesWithProjectId(client)) {
    const result = await client.query<{ row: string }>(
      `SELECT to_jsonb(t)::text AS row FROM "${table}" t WHERE project_id = $1 ORDER BY 1`,
      [projectId],
    );
    rows[table] = result.rows.map((row) => row.row);
  }
  return rows;
}

/** How many rows of the project each of those tables holds. */
export async function projectRowCounts(client: Client, projectId: string): Promise<Record<string, number>> {
  const rows = await projectRows(client, projectId);
  return Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));
}

/** Resolves once a backend of this database waits on a lock while running a statement that contains `sql`. */
export async function waitForLockWait(client: Client, sql: string): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND position($1 in query) > 0`,
      [sql],
    );
    if (rows[0].waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
