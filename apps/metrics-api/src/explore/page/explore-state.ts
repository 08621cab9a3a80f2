import { isDateText } from './local-calendar.util';

export type Granularity = 'day' | 'week' | 'month';
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];

/** What a view shows; the token is deliberately not part of it, so it never reaches the URL. */
export interface ExploreState {
  project: string;
  /** Empty: the last 30 days of the project's zone. */
  from: string;
  to: string;
  granularity: Granularity;
  /** Empty: a default selection from the range's metric names. */
  metrics: string[];
}

const METRIC_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
const PROJECT_PATTERN = /^[0-9a-zA-Z-]{1,64}$/;

function isGranularity(value: string | null): value is Granularity {
  return GRANULARITIES.includes(value as Granularity);
}

/** Reads a view from a URL query; anything malformed falls back to its default instead of failing. */
export function parseState(query: string): ExploreState {
  const params = new URLSearchParams(query);
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const date = (name: string) => (isDateText(text(name)) ? text(name) : '');
  const granularity = params.get('granularity');
  const metrics = text('metrics')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => METRIC_NAME_PATTERN.test(name));
  return {
    project: PROJECT_PATTERN.test(text('project')) ? text('project') : '',
    from: date('from'),
    to: date('to'),
    granularity: isGranularity(granularity) ? granularity : 'day',
    metrics: [...new Set(metrics)],
  };
}

/** The URL query of a view, with empty fields left out and commas kept readable. */
export function formatState(state: ExploreState): string {
  const params = new URLSearchParams();
  if (state.project) params.set('project', state.project);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  params.set('granularity', state.granularity);
  if (state.metrics.length > 0) params.set('metrics', state.metrics.join(','));
  return `?${params.toString().replaceAll('%2C', ',')}`;
}
