import { DEFAULT_TIME_ZONE, isIanaTimeZone } from '@metrics-store/metrics-contract';
import type { Pool } from 'pg';
import { normalizeProjectId } from '../domain/input.validators';
import { MetricsDbError } from '../pg/metrics-db.error';
import type { ProjectSettings } from '../metrics-store.types';

interface SettingsRow {
  project_id: string;
  timezone: string;
  created_at: Date;
  updated_at: Date;
}

const toSettings = (row: SettingsRow): ProjectSettings => ({
  projectId: row.project_id,
  timezone: row.timezone,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Project settings; a project never configured reads as the defaults. */
export class ProjectSettingsRepository {
  constructor(private readonly pool: Pool) {}

  async get(projectId: string): Promise<ProjectSettings> {
    const id = normalizeProjectId(projectId);
    const [row] = (
      await this.pool.query(
        'SELECT project_id, timezone, created_at, updated_at FROM project_settings WHERE project_id = $1',
        [id],
      )
    ).rows as SettingsRow[];
    return row
      ? toSettings(row)
      : { projectId: id, timezone: DEFAULT_TIME_ZONE, createdAt: null, updatedAt: null };
  }

  async timezones(projectIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(projectIds.map(normalizeProjectId))];
    const zones = new Map(ids.map((id) => [id, DEFAULT_TIME_ZONE]));
    if (ids.length === 0) return zones;
    const rows = (
      await this.pool.query(
        'SELECT project_id, timezone FROM project_settings WHERE project_id = ANY($1::uuid[])',
        [ids],
      )
    ).rows as Pick<SettingsRow, 'project_id' | 'timezone'>[];
    for (const row of rows) zones.set(row.project_id, row.timezone);
    return zones;
  }

  async setTimezone(projectId: string, timezone: string): Promise<ProjectSettings> {
    const id = normalizeProjectId(projectId);
    if (!isIanaTimeZone(timezone)) {
      throw new MetricsDbError(
        'invalid_timezone',
        `not an IANA time zone: ${JSON.stringify(timezone)}`,
        false,
        {
          field: 'timezone',
        },
      );
    }
    const [row] = (
      await this.pool.query(
        `INSERT INTO project_settings (project_id, timezone) VALUES ($1, $2)
       ON CONFLICT (project_id) DO UPDATE SET timezone = EXCLUDED.timezone, updated_at = now()
       RETURNING project_id, timezone, created_at, updated_at`,
        [id, timezone],
      )
    ).rows as SettingsRow[];
    return toSettings(row);
  }
}
