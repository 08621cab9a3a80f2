import { z } from 'zod';
import {
  EVENT_TYPE_PATTERN,
  GRANULARITIES,
  inclusiveDayCount,
  MAX_LISTED_METRIC_NAMES,
  MAX_RANGE_DAYS,
} from '@metrics-store/metrics-contract';
import { calendarDateSchema, uuidSchema } from './common.schema';

const MAX_METRICS = 20;
const MAX_NAMES_TEXT = MAX_LISTED_METRIC_NAMES.toLocaleString('en-US');

const metricListSchema = z
  .string()
  .meta({
    description:
      'Comma-separated metric names (1 to 20): event types, the KPIs (`total_events`, `total_pageviews`, ' +
      '`unique_users`, `sessions`), the visit metrics (`visits`, `bounces`, `visit_duration_ms`, ' +
      '`visit_pageviews`) and the ratios derived from them (`bounce_rate`, `visit_duration`, `views_per_visit`), ' +
      'e.g. `page_view,unique_users,bounce_rate`',
    example: 'page_view,unique_users,bounce_rate',
  })
  .transform((value, ctx) => {
    const names = [...new Set(value.split(','))];
    const bad = names.filter((name) => !EVENT_TYPE_PATTERN.test(name));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not valid metric names: ${JSON.stringify(bad.slice(0, 5))} (expected ${EVENT_TYPE_PATTERN.source})`,
      });
      return z.NEVER;
    }
    if (names.length > MAX_METRICS) {
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_METRICS} distinct metric names` });
      return z.NEVER;
    }
    return names;
  });

const dateRangeShape = {
  from: calendarDateSchema.meta({ description: 'First date, inclusive, project-local' }),
  to: calendarDateSchema.meta({ description: 'Last date, inclusive, project-local' }),
};

function checkOrder(range: { from: string; to: string }, ctx: z.RefinementCtx): number {
  const days = inclusiveDayCount(range.from, range.to);
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  return days;
}

export const metricsQuerySchema = z
  .object({
    ...dateRangeShape,
    metrics: metricListSchema,
    granularity: z
      .enum(GRANULARITIES)
      .default('day')
      .meta({ description: 'Bucket size; weeks are ISO weeks (Monday)' }),
  })
  .superRefine((query, ctx) => {
    const days = checkOrder(query, ctx);
    const limit = MAX_RANGE_DAYS[query.granularity];
    if (days > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range spans ${days} days; at most ${limit} for granularity ${query.granularity}`,
      });
    }
  });

export const metricNamesQuerySchema = z.object(dateRangeShape).superRefine((query, ctx) => {
  checkOrder(query, ctx);
});

// Counted metrics are integers; the derived ratios are not, and are null without visits.
const valueSchema = z.number().nullable();

const seriesSchema = z.object({
  total: valueSchema.meta({
    description:
      'Over the whole range; for unique_users and sessions a distinct count (the same by day, week and month), ' +
      'never a sum of days. An integer, except for the derived ratios: bounce_rate (bounces / visits, a fraction ' +
      'rounded to 4 decimals), visit_duration (seconds per visit, 1 decimal) and views_per_visit (2 decimals), ' +
      'each the ratio of the sums over the bucket or range, and null where it has no visits',
  }),
  exact: z.boolean().meta({
    description:
      'false when any value of the metric is an estimate: a week, month or range total of unique_users or sessions ' +
      'with more distinct values than the sketches count exactly (at least 1,000), read from HyperLogLog sketches ' +
      'with a standard error of 0.81% and kept between the largest and the sum of its daily values. ' +
      'Days, summed metrics and derived ratios are always exact.',
  }),
  series: z.array(
    z.object({
      start: z.string().meta({ format: 'date' }),
      value: valueSchema.meta({ description: 'As total, over the bucket: null for a ratio without visits' }),
    }),
  ),
});

export const metricsResponseSchema = z
  .object({
    project_id: uuidSchema,
    timezone: z.string().meta({ example: 'Europe/Berlin' }),
    from: z.string().meta({ format: 'date' }),
    to: z.string().meta({ format: 'date' }),
    granularity: z.enum(GRANULARITIES),
    metrics: z.record(z.string(), seriesSchema),
  })
  .meta({
    id: 'MetricsResponse',
    example: {
      project_id: '6f1c2a7e-0000-4000-8000-000000000001',
      timezone: 'Europe/Berlin',
      from: '2026-11-02',
      to: '2026-11-15',
      granularity: 'week',
      metrics: {
        page_view: {
          total: 96_210,
          exact: true,
          series: [
            { start: '2026-11-02', value: 47_880 },
            { start: '2026-11-09', value: 48_330 },
          ],
        },
        unique_users: {
          total: 21_807,
          exact: false,
          series: [
            { start: '2026-11-02', value: 12_114 },
            { start: '2026-11-09', value: 12_640 },
          ],
        },
        bounce_rate: {
          total: 0.4127,
          exact: true,
          series: [
            { start: '2026-11-02', value: 0.4051 },
            { start: '2026-11-09', value: 0.4199 },
          ],
        },
      },
    },
  });

export const metricNamesResponseSchema = z
  .object({
    metric_names: z.array(z.string()).meta({
      description:
        `The names with data in the range, sorted, at most ${MAX_NAMES_TEXT} (the first ones); ` +
        'the derived ratios where visits has data',
    }),
    truncated: z
      .boolean()
      .meta({ description: `true when the range has more than the ${MAX_NAMES_TEXT} names listed` }),
  })
  .meta({
    id: 'MetricNamesResponse',
    example: {
      metric_names: ['bounce_rate', 'click', 'page_view', 'sessions', 'total_events', 'visits'],
      truncated: false,
    },
  });
