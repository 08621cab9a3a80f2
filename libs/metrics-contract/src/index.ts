export { ADMIN_TOKEN_MIN_LENGTH } from './admin-token.constants';
export { API_ERROR_CODES, API_ERROR_STATUS, DEAD_LETTER_CODES } from './error-codes.constants';
export type { ApiErrorCode, DeadLetterCode } from './error-codes.constants';
export {
  daysInMonth,
  fromDayNumber,
  inclusiveDayCount,
  isCalendarDate,
  toDayNumber,
} from './calendar-date.util';
export { GRANULARITIES, MAX_RANGE_DAYS, type Granularity } from './granularity.constants';
export { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './log-levels.constants';
export {
  DERIVED_METRICS,
  DISTINCT_METRICS,
  EVENT_TYPE_PATTERN,
  isDerivedName,
  isKpiName,
  isReservedName,
  KPI_METRICS,
  MAX_LISTED_METRIC_NAMES,
  PAGEVIEW_TYPES,
  RESERVED_METRICS,
  VISIT_METRICS,
  type DerivedMetric,
  type DistinctMetric,
  type KpiMetric,
  type VisitMetric,
} from './metric-names.constants';
export { isStorableText, STORABLE_TEXT_RULE } from './storable-text.util';
export { DEFAULT_TIME_ZONE, isIanaTimeZone } from './time-zone.util';
export { isUuid, UUID_PATTERN } from './uuid.util';
export {
  DEAD_LETTER_HEADER_ROOM_BYTES,
  DEAD_LETTER_RETENTION_MS,
  deadLetterMaxMessageBytes,
  deadLetterTopicConfig,
  KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
} from './kafka-topic.constants';
export { DEFAULT_MAX_EVENT_AGE_DAYS, defaultKeyRetentionDays, firstKeptDate } from './key-retention.util';
export { VISITOR_KEY_SECRET_MIN_LENGTH } from './visitor-key.constants';
