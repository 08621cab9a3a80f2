import { MetricsDbError } from '../pg/metrics-db.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isUuid(value: string): boolean {
  return typeof value === 'string' && UUID.test(value.toLowerCase());
}

/** Project ids are stored lower-case whatever case the caller used; a malformed one never reaches SQL. */
export function normalizeProjectId(projectId: string): string {
  if (!isUuid(projectId)) {
    throw new MetricsDbError('invalid_project_id', `project id is not a UUID: ${String(projectId)}`, false);
  }
  return projectId.toLowerCase();
}

/** A real calendar date as YYYY-MM-DD (rejects 2023-02-29 and the like). */
export function isIsoDate(value: string): boolean {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function assertIsoDate(value: string, field: string): string {
  if (!isIsoDate(value)) {
    throw new MetricsDbError('invalid_date', `${field} is not a YYYY-MM-DD date: ${String(value)}`, false);
  }
  return value;
}
