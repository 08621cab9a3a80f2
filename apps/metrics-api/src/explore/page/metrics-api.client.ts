import { readFailure, unreachable, type ApiFailure } from './api-failure';
import type { Granularity } from './explore-state';
import type { SeriesPoint } from './metric-text.format';

export interface MetricAnswer {
  /** null: a derived ratio (bounce_rate, ...) over a range without visits. */
  total: number | null;
  /** Absent from answers of servers older than the flag: such a value is taken as exact. */
  exact?: boolean;
  series: SeriesPoint[];
}

export interface MetricsAnswer {
  project_id: string;
  timezone: string;
  from: string;
  to: string;
  granularity: Granularity;
  metrics: Record<string, MetricAnswer>;
}

export interface MetricNames {
  /** Sorted; the first 1,000 when `truncated`. */
  names: string[];
  /** The range has more names than the API lists. */
  truncated: boolean;
}

export interface MetricsQuery {
  from: string;
  to: string;
  granularity: Granularity;
  metrics: string[];
}

/** Thrown for every answer that is not a success; carries what the page shows. */
export class ApiFailureError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
    this.name = 'ApiFailureError';
  }
}

/**
 * The public API of this server, called as any dashboard would: relative URLs (this origin only) and the
 * token in the Authorization header, never in a URL.
 */
export class MetricsApiClient {
  constructor(
    private readonly token: string,
    private readonly signal: AbortSignal,
  ) {}

  async metrics(project: string, query: MetricsQuery): Promise<MetricsAnswer> {
    const params = new URLSearchParams({
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      metrics: query.metrics.join(','),
    });
    return this.get<MetricsAnswer>(`/v1/projects/${encodeURIComponent(project)}/metrics?${params}`);
  }

  async metricNames(project: string, from: string, to: string): Promise<MetricNames> {
    const params = new URLSearchParams({ from, to });
    const answer = await this.get<{ metric_names: string[]; truncated: boolean }>(
      `/v1/projects/${encodeURIComponent(project)}/metric-names?${params}`,
    );
    return { names: answer.metric_names, truncated: answer.truncated === true };
  }

  private async get<T>(path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
        signal: this.signal,
        credentials: 'omit',
      });
    } catch (error) {
      if (this.signal.aborted) throw error;
      throw new ApiFailureError(unreachable(error));
    }
    const body = await response.text();
    if (!response.ok) {
      throw new ApiFailureError(
        readFailure(response.status, response.statusText, body, response.headers.get('Retry-After')),
      );
    }
    return JSON.parse(body) as T;
  }
}
