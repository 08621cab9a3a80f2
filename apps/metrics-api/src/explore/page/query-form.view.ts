import { byId, el } from './dom.util';
import { GRANULARITIES, type ExploreState, type Granularity } from './explore-state';
import { pickerOptions } from './metric-selection';
import type { MetricNames } from './metrics-api.client';

/** The form's fields. None has a `name`, so even a native submit could never put the token in a URL. */
export class QueryForm {
  readonly form = byId<HTMLFormElement>('query');
  readonly token = byId<HTMLInputElement>('token');
  private readonly project = byId<HTMLInputElement>('project');
  private readonly from = byId<HTMLInputElement>('from');
  private readonly to = byId<HTMLInputElement>('to');
  readonly granularity = byId<HTMLSelectElement>('granularity');
  readonly metricOptions = byId<HTMLElement>('metric-options');
  private readonly metricsHelp = byId<HTMLElement>('metrics-help');
  /** The picker stays empty until the first metric names arrive; until then the state names the metrics. */
  private pendingMetrics: string[] = [];

  read(): ExploreState {
    const checked = [...this.metricOptions.querySelectorAll<HTMLInputElement>('input[type=checkbox]')]
      .filter((box) => box.checked)
      .map((box) => box.value);
    const granularity = this.granularity.value as Granularity;
    return {
      project: this.project.value.trim(),
      from: this.from.value,
      to: this.to.value,
      granularity: GRANULARITIES.includes(granularity) ? granularity : 'day',
      metrics: this.hasPicker() ? checked : this.pendingMetrics,
    };
  }

  write(state: ExploreState): void {
    this.project.value = state.project;
    this.from.value = state.from;
    this.to.value = state.to;
    this.granularity.value = state.granularity;
    this.pendingMetrics = state.metrics;
    if (this.hasPicker()) {
      for (const box of this.metricOptions.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
        box.checked = state.metrics.includes(box.value);
      }
    }
  }

  setRange(from: string, to: string): void {
    this.from.value = from;
    this.to.value = to;
  }

  /** The range's metric names as checkboxes, the shown ones checked. */
  showMetricNames(listed: MetricNames, selected: string[]): void {
    const namesWithData = listed.names;
    const boxes = pickerOptions(namesWithData, selected).map((name) => {
      const id = `metric-option-${name}`;
      const box = el('input', { type: 'checkbox', id, value: name });
      box.checked = selected.includes(name);
      const empty = namesWithData.includes(name) ? null : el('span', { class: 'muted' }, [' (no data)']);
      return el('div', { class: 'metric-option' }, [box, el('label', { for: id }, [name, empty])]);
    });
    this.metricOptions.replaceChildren(...boxes);
    const count = namesWithData.length.toLocaleString();
    this.metricsHelp.textContent = listed.truncated
      ? `More metric names have data in this range than the API lists: these are the first ${count}, in order.`
      : namesWithData.length === 0
        ? 'No metric has data in this range.'
        : `${count} metric ${namesWithData.length === 1 ? 'name has' : 'names have'} data in this range.`;
  }

  private hasPicker(): boolean {
    return this.metricOptions.querySelector('input[type=checkbox]') !== null;
  }
}
