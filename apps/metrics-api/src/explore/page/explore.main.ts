import './explore.css';
import { byId, el } from './dom.util';
import { formatState, parseState, type ExploreState } from './explore-state';
import { FailureView } from './failure.view';
import { HEADLINE_METRICS, showHeadline } from './headline.view';
import { lastDaysIn, todayIn } from './local-calendar.util';
import { createMetricCard, type MetricCard } from './metric-card.view';
import { defaultSelection } from './metric-selection';
import { ApiFailureError, MetricsApiClient, type MetricsAnswer } from './metrics-api.client';
import { QueryForm } from './query-form.view';
import { tokenStore } from './token.store';

const DEFAULT_RANGE_DAYS = 30;
const GRANULARITY_WORDS = { day: 'by day', week: 'by ISO week', month: 'by month' } as const;

const form = new QueryForm();
const failures = new FailureView(byId('failure'));
const status = byId('status');
const results = byId('results');
const resultsSummary = byId('results-summary');
const headline = byId('headline');
const charts = byId('charts');
const timezones = new Map<string, string>();
let cards: MetricCard[] = [];
let inFlight: AbortController | undefined;
let shown: ExploreState | undefined;

/** The project's zone, from a one-day read (the API has no other call that tells it). */
async function projectTimezone(client: MetricsApiClient, project: string): Promise<string> {
  const known = timezones.get(project);
  if (known) return known;
  const today = todayIn('UTC');
  const answer = await client.metrics(project, {
    from: today,
    to: today,
    granularity: 'day',
    metrics: ['total_events'],
  });
  timezones.set(project, answer.timezone);
  return answer.timezone;
}

function showAnswer(answer: MetricsAnswer, headlineAnswer: MetricsAnswer): void {
  for (const card of cards) card.destroy();
  cards = Object.entries(answer.metrics).map(([name, metric]) =>
    createMetricCard(name, answer.granularity, metric),
  );
  resultsSummary.replaceChildren(
    'Project ',
    el('code', {}, [answer.project_id]),
    `, ${answer.from} to ${answer.to} in ${answer.timezone}, ${GRANULARITY_WORDS[answer.granularity]}.`,
  );
  showHeadline(headline, headlineAnswer);
  charts.replaceChildren(...cards.map((card) => card.element));
  results.hidden = false;
  for (const card of cards) card.mount();
}

function rememberInUrl(state: ExploreState): void {
  const query = formatState(state);
  if (query !== window.location.search)
    window.history.pushState(null, '', `${window.location.pathname}${query}`);
}

/** Reads what the state asks for and shows it; a newer call cancels an older one still in flight. */
async function load(requested: ExploreState): Promise<void> {
  const token = tokenStore.read();
  if (!token)
    return failures.showMessage('Enter a token (a project key mk_… or the admin token) to read the metrics.');
  if (!requested.project) return failures.showMessage('Enter the project id to read.');
  inFlight?.abort();
  const controller = (inFlight = new AbortController());
  const client = new MetricsApiClient(token, controller.signal);
  // Another project's metric names mean nothing here: start from its default selection.
  const state =
    shown && shown.project !== requested.project ? { ...requested, metrics: [] } : { ...requested };
  failures.clear();
  status.textContent = 'Loading…';
  try {
    if (!state.from || !state.to) {
      const range = lastDaysIn(await projectTimezone(client, state.project), DEFAULT_RANGE_DAYS);
      state.from ||= range.from;
      state.to ||= range.to;
      form.setRange(state.from, state.to);
    }
    const namesRead = client.metricNames(state.project, state.from, state.to);
    // With the metrics known, all reads go out at once; without, the names decide what to read.
    const metricsRead =
      state.metrics.length > 0
        ? client.metrics(state.project, state)
        : namesRead.then((listed) => {
            state.metrics = defaultSelection(listed.names);
            return client.metrics(state.project, state);
          });
    // The headline's totals in one read, whatever the charts show; its granularity is valid where theirs is.
    const headlineRead = client.metrics(state.project, { ...state, metrics: HEADLINE_METRICS });
    // One Promise.all from the start, so that a failure of any read is handled, and shown, once.
    const [names, answer, headlineAnswer] = await Promise.all([namesRead, metricsRead, headlineRead]);
    if (controller.signal.aborted) return;
    timezones.set(state.project, answer.timezone);
    form.showMetricNames(names, state.metrics);
    showAnswer(answer, headlineAnswer);
    shown = state;
    rememberInUrl(state);
    const count = Object.keys(answer.metrics).length;
    status.textContent = `Showing ${count} ${count === 1 ? 'metric' : 'metrics'}, read at ${new Date().toLocaleTimeString()}.`;
  } catch (error) {
    if (controller.signal.aborted) return;
    status.textContent = '';
    if (!(error instanceof ApiFailureError)) throw error;
    failures.show(error.failure, () => void load(requested));
  }
}

function loadFromForm(): void {
  const state = form.read();
  if (state.metrics.length === 0 && shown?.project === state.project) {
    failures.showMessage('Pick at least one metric.');
    return;
  }
  void load(state);
}

form.form.addEventListener('submit', (event) => {
  event.preventDefault();
  tokenStore.write(form.token.value.trim());
  loadFromForm();
});
// Granularity and metrics redraw at once; dates, project and token wait for the submit (Enter or Show).
form.granularity.addEventListener('change', () => shown && loadFromForm());
form.metricOptions.addEventListener('change', () => shown && loadFromForm());
byId('forget-token').addEventListener('click', () => {
  tokenStore.clear();
  form.token.value = '';
  form.token.focus();
  status.textContent = 'The token is forgotten in this tab.';
});
window.addEventListener('popstate', () => {
  const state = parseState(window.location.search);
  form.write(state);
  void load(state);
});

const initial = parseState(window.location.search);
// Anything the URL holds besides the view (a pasted token, say) is dropped from the address bar at once.
window.history.replaceState(null, '', `${window.location.pathname}${formatState(initial)}`);
form.write(initial);
form.token.value = tokenStore.read();
if (form.token.value && initial.project) void load(initial);
else
  status.textContent = 'Enter a token (a project key mk_… or the admin token) and the project id, then Show.';
