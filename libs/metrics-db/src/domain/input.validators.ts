import { isCalendarDate, isUuid } from '@metrics-store/metrics-contract';
import { MetricsDbError } from '../pg/metrics-db.error';

/** Project ids are stored lower-case whatever case the caller used; a malformed one never reaches SQL. */
export function normalizeProjectId(projectId: string): string {
  if (!isUuid(projectId)) {
    throw new MetricsDbError('invalid_project_id', `project id is not a UUID: ${String(projectId)}`, false);
  }
  return projectId.toLowerCase();
}

/** A real calendar date as YYYY-MM-DD (refuses 2023-02-29 and the like), else `invalid_date`. */
export function assertCalendarDate(value: string, field: string): string {
  if (!isCalendarDate(value)) {
    throw new MetricsDbError('invalid_date', `${field} is not a YYYY-MM-DD date: ${String(value)}`, false);
  }
  return value;
}
