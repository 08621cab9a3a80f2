import { el } from './dom.util';
import type { Granularity } from './explore-state';
import { MetricChart } from './metric-chart.view';
import { metricTitle } from './metric-selection';
import { chartDescription, estimateNote, formatTotal } from './metric-text.format';
import { formatValue, valueKindOf, type ValueKind } from './metric-value.format';
import type { MetricAnswer } from './metrics-api.client';

const BUCKET_HEADINGS: Record<Granularity, string> = { day: 'Day', week: 'Week from', month: 'Month from' };
const BY_WORDS: Record<Granularity, string> = { day: 'by day', week: 'by week', month: 'by month' };
const BUCKET_PLURALS: Record<Granularity, string> = { day: 'days', week: 'weeks', month: 'months' };

export interface MetricCard {
  element: HTMLElement;
  /** Draws the chart; called once the card is in the document, so that it knows its width. */
  mount(): void;
  destroy(): void;
}

function valuesTable(
  name: string,
  granularity: Granularity,
  answer: MetricAnswer,
  exactBuckets: boolean,
  kind: ValueKind,
): HTMLElement {
  const rows = answer.series.map((point) =>
    el('tr', {}, [el('th', { scope: 'row' }, [point.start]), el('td', {}, [formatValue(point.value, kind)])]),
  );
  const caption = exactBuckets
    ? `${metricTitle(name)} ${BY_WORDS[granularity]}`
    : `${metricTitle(name)} ${BY_WORDS[granularity]}; some values are estimates (standard error 0.81 %)`;
  return el('details', { class: 'values' }, [
    el('summary', {}, [`Values ${BY_WORDS[granularity]} (${answer.series.length})`]),
    el('div', { class: 'table-scroll' }, [
      el('table', {}, [
        el('caption', {}, [caption]),
        el('thead', {}, [
          el('tr', {}, [
            el('th', { scope: 'col' }, [BUCKET_HEADINGS[granularity]]),
            el('th', { scope: 'col' }, ['Value']),
          ]),
        ]),
        el('tbody', {}, rows),
      ]),
    ]),
  ]);
}

function chartNote(granularity: Granularity, exactBuckets: boolean): string {
  return exactBuckets
    ? "Every day's value is exact; only the total over the range is an estimate."
    : `Dashed outlines: ${BUCKET_PLURALS[granularity]} with more than about 1,000 distinct values are estimates.`;
}

/** One metric: its name, its total beside the chart, the chart, and the same numbers as a table. */
export function createMetricCard(name: string, granularity: Granularity, answer: MetricAnswer): MetricCard {
  // Servers older than the flag send none; their values are all exact.
  const exact = answer.exact !== false;
  // A day bucket is always exact (docs/api.md): by day, only the range total can be an estimate.
  const exactBuckets = exact || granularity === 'day';
  const title = metricTitle(name);
  const titleId = `metric-${name}-title`;
  const kind = valueKindOf(name);
  const chartBox = el('div', {
    class: 'chart',
    role: 'img',
    'aria-label': chartDescription(title, granularity, answer.series, exactBuckets, kind),
  });
  const total = el('p', { class: exact ? 'metric-total' : 'metric-total is-estimate' }, [
    el('span', { class: 'total-value' }, [formatTotal(answer.total, exact, kind)]),
    ' ',
    // A ratio over the range is no total of its buckets.
    el('span', { class: 'total-label' }, [
      kind !== 'count' ? 'over the range' : exact ? 'total' : 'total (estimate)',
    ]),
  ]);
  const element = el('article', { class: 'metric-card', 'aria-labelledby': titleId, 'data-metric': name }, [
    el('header', { class: 'metric-head' }, [
      el('div', {}, [el('h3', { id: titleId }, [title]), title === name ? null : el('code', {}, [name])]),
      total,
    ]),
    exact ? null : el('p', { class: 'estimate-note' }, [estimateNote(answer.total ?? 0)]),
    chartBox,
    exact ? null : el('p', { class: 'chart-note' }, [chartNote(granularity, exactBuckets)]),
    valuesTable(name, granularity, answer, exactBuckets, kind),
  ]);
  let chart: MetricChart | undefined;
  return {
    element,
    mount: () => {
      chart ??= new MetricChart(chartBox, {
        title,
        granularity,
        series: answer.series,
        exact: exactBuckets,
        kind,
      });
    },
    destroy: () => chart?.destroy(),
  };
}
