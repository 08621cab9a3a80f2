import { el } from './dom.util';
import { formatTotal } from './metric-text.format';
import { valueKindOf } from './metric-value.format';
import type { MetricsAnswer } from './metrics-api.client';

/** The numbers above the charts, each a total over the chosen range, read together in one call. */
export const HEADLINE = [
  { metric: 'unique_users', label: 'Visitors' },
  { metric: 'visits', label: 'Visits' },
  { metric: 'total_pageviews', label: 'Page views' },
  { metric: 'views_per_visit', label: 'Views per visit' },
  { metric: 'bounce_rate', label: 'Bounce rate' },
  { metric: 'visit_duration', label: 'Visit duration' },
];

export const HEADLINE_METRICS = HEADLINE.map((figure) => figure.metric);

/** Fills `container` with one figure per headline metric of `answer`: its label and its total. */
export function showHeadline(container: HTMLElement, answer: MetricsAnswer): void {
  const figures = HEADLINE.map(({ metric, label }) => {
    const total = answer.metrics[metric]?.total ?? null;
    // Servers older than the flag send none; their values are all exact.
    const exact = answer.metrics[metric]?.exact !== false;
    const value = formatTotal(total, exact, valueKindOf(metric));
    return el('div', { class: exact ? 'figure' : 'figure is-estimate', 'data-metric': metric }, [
      el('dt', {}, [label]),
      el('dd', exact ? {} : { title: 'An estimate (standard error 0.81 %)' }, [value]),
    ]);
  });
  container.replaceChildren(...figures);
}
