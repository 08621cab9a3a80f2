import { isCalendarDate, isStorableText, isUuid, STORABLE_TEXT_RULE } from '@metrics-store/metrics-contract';
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

/**
 * Text PostgreSQL stores as given, else `invalid_text` naming the field: it refuses NUL, and an unpaired
 * surrogate would reach it as U+FFFD. The API's schemas refuse both first; this keeps any other caller out.
 */
export function assertStorableText(value: string, field: string): string {
  if (typeof value !== 'string' || !isStorableText(value)) {
    throw new MetricsDbError('invalid_text', `${field} ${STORABLE_TEXT_RULE}`, false, { field });
  }
  return value;
}
