/** Bucket sizes of a metrics read (docs/api.md): days, ISO weeks (Monday to Sunday), calendar months. */
export const GRANULARITIES = ['day', 'week', 'month'] as const;

export type Granularity = (typeof GRANULARITIES)[number];

/** Longest inclusive range of a metrics read, per granularity. */
export const MAX_RANGE_DAYS: Readonly<Record<Granularity, number>> = { day: 400, week: 3660, month: 3660 };
