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
  DISTINCT_METRICS,
  EVENT_TYPE_PATTERN,
  isKpiName,
  KPI_METRICS,
  PAGEVIEW_TYPES,
  type DistinctMetric,
  type KpiMetric,
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
