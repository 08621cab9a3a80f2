// The callbacks given to page.evaluate run in the browser.
/// <reference lib="dom" />
import { ADMIN_TOKEN } from '../testing/api-test.fixture';
import {
  headline,
  metricCard,
  screenshot,
  shown,
  signIn,
  tableRows,
  totals,
} from './testing/explore-browser.fixture';
import { openExplorePageFixture, type ExplorePageFixture } from './testing/explore-page.fixture';
import {
  BUSY_PROJECT,
  BUSY_WEEK,
  BUSY_WEEK_VISITORS,
  PROJECT,
  PROJECT_ZONE,
  addDays,
  expectedRows,
  mondayOf,
} from './testing/explore-seed.fixture';

const KPI_METRICS = 'total_events,total_pageviews,unique_users,sessions';
const KPI_TOTALS = { 'All events': '16', 'Page views': '13', 'Unique users': '6', Sessions: '5' };
/** The seeded visits over the last 30 days: 5 visits, 13 page views, 1 bounce, 417 s. */
const HEADLINE = {
  Visitors: '6',
  Visits: '5',
  'Page views': '13',
  'Views per visit': '2.6',
  'Bounce rate': '20%',
  'Visit duration': '1 m 23 s',
};

describe('/explore in Chromium: what a person sees', () => {
  let ex: ExplorePageFixture;

  beforeAll(async () => {
    ex = await openExplorePageFixture();
  });
  // Every test: no script error and nothing refused by the Content-Security-Policy.
  afterEach(async () => expect(await ex.endSession()).toEqual([]));
  afterAll(() => ex?.close());

  it('shows the last 30 project-local days with the right totals for a project key', async () => {
    const page = await ex.open(`?project=${PROJECT}`);
    await signIn(page, ex.key);
    await shown(page);

    const { range } = ex.seeded;
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(range.from);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(range.to);
    expect(await totals(page)).toEqual(KPI_TOTALS);
    expect(await headline(page)).toEqual(HEADLINE);
    // One row per day, zero-filled, in order.
    expect(await tableRows(page, 'All events')).toEqual(expectedRows(ex.seeded, (date) => date));
    expect(await page.locator('#results-summary').innerText()).toContain(PROJECT_ZONE);
    const chart = metricCard(page, 'All events').getByRole('img');
    expect(await chart.getAttribute('aria-label')).toMatch(
      /^All events by day, 30 days from .* highest 7 on /,
    );
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#metric-options label').allInnerTexts()).toEqual([
      'total_events',
      'total_pageviews',
      'unique_users',
      'sessions',
      'visits',
      'bounce_rate',
      'visit_duration',
      'views_per_visit',
      'bounces',
      'visit_duration_ms',
      'visit_pageviews',
      'click',
      'page_view',
      'screen_view',
      'signup',
    ]);
    expect(page.url()).toBe(
      `${ex.origin}/explore?project=${PROJECT}&from=${range.from}&to=${range.to}&granularity=day&metrics=${KPI_METRICS}`,
    );

    await screenshot(page, 'desktop-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'desktop-dark');
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, 'narrow-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'narrow-light');
    // Nothing wider than the 360 px screen: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('switches granularity: ISO weeks and months clipped to the range, the same totals', async () => {
    const page = await ex.open(`?project=${PROJECT}`);
    await signIn(page, ex.key);
    await shown(page);

    await page.getByLabel('Granularity', { exact: true }).selectOption('week');
    await page.waitForURL(/granularity=week/);
    await metricCard(page, 'All events')
      .locator('thead', { hasText: 'Week from' })
      .waitFor({ state: 'attached' });
    expect(await tableRows(page, 'All events')).toEqual(expectedRows(ex.seeded, mondayOf));
    expect(await totals(page)).toEqual(KPI_TOTALS);
    expect(await headline(page)).toEqual(HEADLINE);

    await page.getByLabel('Granularity', { exact: true }).selectOption('month');
    await page.waitForURL(/granularity=month/);
    await metricCard(page, 'All events')
      .locator('thead', { hasText: 'Month from' })
      .waitFor({ state: 'attached' });
    expect(await tableRows(page, 'All events')).toEqual(
      expectedRows(ex.seeded, (date) => `${date.slice(0, 8)}01`),
    );
    expect((await totals(page))['Unique users']).toBe('6');
    await screenshot(page, 'by-month');
  });

  it('charts the derived ratios in their units, with a gap and a dash where there was no visit', async () => {
    const { range, today } = ex.seeded;
    const page = await ex.open(
      `?project=${PROJECT}&from=${range.from}&to=${range.to}&granularity=day&metrics=bounce_rate,visit_duration,views_per_visit`,
    );
    await signIn(page, ex.key);
    await shown(page);
    await screenshot(page, 'derived');

    expect(await totals(page)).toEqual({
      'Bounce rate': '20%',
      'Visit duration': '1 m 23 s',
      'Views per visit': '2.6',
    });
    const [d3, d10, d20] = [addDays(today, -3), addDays(today, -10), addDays(today, -20)];
    const byDay = (values: Record<string, string>) =>
      expectedRows(ex.seeded, (date) => date).map(([date]) => [date, values[date] ?? '–']);
    // 0 bounces of 2 visits is 0%, not a gap: only a day without visits has no value.
    expect(await tableRows(page, 'Bounce rate')).toEqual(byDay({ [d3]: '0%', [d10]: '50%', [d20]: '0%' }));
    expect(await tableRows(page, 'Visit duration')).toEqual(
      byDay({ [d3]: '1 m 23 s', [d10]: '1 m 40 s', [d20]: '52 s' }),
    );
    expect(await tableRows(page, 'Views per visit')).toEqual(byDay({ [d3]: '2.5', [d10]: '2', [d20]: '4' }));
    expect(await metricCard(page, 'Bounce rate').locator('.total-label').innerText()).toBe('over the range');
    expect(await metricCard(page, 'Bounce rate').getByRole('img').getAttribute('aria-label')).toMatch(
      /highest 50% on .*; lowest 0% on .*; no value in 27 days without visits\.$/,
    );
    // Pointing at a bar reads it in its unit; pointing at a day without visits reads a dash, not a zero.
    const card = metricCard(page, 'Bounce rate');
    const plot = card.locator('.u-over');
    const box = await plot.boundingBox();
    const pointAt = async (daysAgo: number) => {
      const index = 29 - daysAgo;
      await plot.hover({ position: { x: ((index + 0.5) / 30) * (box?.width ?? 0), y: 10 } });
      return card.locator('.chart-readout').innerText();
    };
    expect(await pointAt(10)).toBe(`${d10}: 50%`);
    expect(await pointAt(5)).toBe(`${addDays(today, -5)}: – (no visits)`);
  });

  it('draws a single bucket in the middle of its chart, not at its edge', async () => {
    const day = addDays(ex.seeded.today, -3);
    const page = await ex.open(
      `?project=${PROJECT}&from=${day}&to=${day}&granularity=day&metrics=total_events`,
    );
    await signIn(page, ex.key);
    await shown(page);
    expect(await tableRows(page, 'All events')).toEqual([[day, '7']]);
    // The canvas pixels just right of the plot's centre and just above its floor belong to the bar.
    const alphas = await metricCard(page, 'All events').evaluate((card) => {
      const canvas = card.querySelector('canvas') as HTMLCanvasElement;
      const plot = (card.querySelector('.u-over') as HTMLElement).getBoundingClientRect();
      const frame = canvas.getBoundingClientRect();
      const scale = canvas.width / frame.width;
      const alphaAt = (x: number, y: number) =>
        canvas
          .getContext('2d')
          ?.getImageData(Math.round((x - frame.left) * scale), Math.round((y - frame.top) * scale), 1, 1)
          .data[3] ?? -1;
      const floor = plot.bottom - 8;
      return { centre: alphaAt(plot.left + plot.width / 2 + 6, floor), edge: alphaAt(plot.left + 6, floor) };
    });
    expect(alphas.centre).toBeGreaterThan(0);
    expect(alphas.edge).toBe(0);
  });

  // Needs the per-metric `exact` flag of the metrics answer (docs/api.md): a week of 2,100 distinct
  // visitors is read from the HyperLogLog sketches, so its unique_users is an estimate.
  it('marks an estimated value: weekly unique_users of 2,100 visitors reads as an estimate (exact: false)', async () => {
    const page = await ex.open(
      `?project=${BUSY_PROJECT}&from=${BUSY_WEEK.from}&to=${BUSY_WEEK.to}&granularity=week&metrics=unique_users,total_events`,
    );
    await signIn(page, ADMIN_TOKEN);
    await shown(page);
    await screenshot(page, 'estimate');

    const users = metricCard(page, 'Unique users');
    const total = await users.locator('.total-value').innerText();
    expect(total).toMatch(/^≈ \d{1,3}(,\d{3})*$/);
    const estimate = Number(total.replace(/[^\d]/g, ''));
    expect(Math.abs(estimate - BUSY_WEEK_VISITORS)).toBeLessThanOrEqual(BUSY_WEEK_VISITORS * 0.03);
    expect(await users.locator('.total-label').innerText()).toBe('total (estimate)');
    expect(await users.locator('.estimate-note').innerText()).toContain('Standard error 0.81 %');
    expect(await users.getByRole('img').getAttribute('aria-label')).toContain('Some values are estimates.');
    expect(await users.locator('.chart-note').innerText()).toContain(
      'weeks with more than about 1,000 distinct values',
    );
    // The table of values is folded away until asked for, as a person would unfold it.
    await users.locator('summary').click();
    expect(await users.locator('caption').innerText()).toContain('some values are estimates');

    // Sums are always exact: no mark on them.
    const events = metricCard(page, 'All events');
    expect(await events.locator('.total-value').innerText()).toBe('2,100');
    expect(await events.locator('.estimate-note').count()).toBe(0);
    // The headline's visitors are the same estimate; its visits are exact sums: each seeded visitor made one
    // visit of one page view, so every visit is a bounce of no duration.
    const figures = await headline(page);
    expect(figures.Visitors).toBe(total);
    expect(figures).toMatchObject({ Visits: '2,100', 'Bounce rate': '100%', 'Visit duration': '0 s' });
  });

  it('keeps the state from the URL on reload, and shows it without a token in a new tab', async () => {
    const from = addDays(ex.seeded.today, -20);
    const query = `?project=${PROJECT}&from=${from}&to=${ex.seeded.today}&granularity=month&metrics=page_view,unique_users`;
    const page = await ex.open(query);
    await signIn(page, ex.key);
    await shown(page);
    expect(page.url()).toBe(`${ex.origin}/explore${query}`);

    await page.getByLabel('Granularity', { exact: true }).selectOption('week');
    await page.waitForURL(/granularity=week/);
    await page.getByRole('checkbox', { name: 'signup', exact: true }).check();
    await page.waitForURL(/signup/);
    await shown(page);
    const url = page.url();
    const before = await totals(page);
    expect(Object.keys(before)).toEqual(['Unique users', 'page_view', 'signup']);

    await page.reload();
    await shown(page);
    expect(page.url()).toBe(url);
    expect(await page.getByLabel('Granularity', { exact: true }).inputValue()).toBe('week');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(from);
    expect(await totals(page)).toEqual(before);
    const checked = page.locator('#metric-options input:checked');
    expect(await checked.evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value))).toEqual(
      ['unique_users', 'page_view', 'signup'],
    );

    // A shared link carries the view, never the token: another tab must ask for one and read nothing.
    const shared = await ex.browser.newContext();
    try {
      const other = await shared.newPage();
      const reads: string[] = [];
      other.on('request', (request) => reads.push(request.url()));
      await other.goto(url);
      await other.getByRole('status').getByText('Enter a token').waitFor();
      expect(await other.getByLabel('Project id', { exact: true }).inputValue()).toBe(PROJECT);
      expect(await other.getByLabel('Granularity', { exact: true }).inputValue()).toBe('week');
      expect(reads.filter((read) => read.includes('/v1/'))).toEqual([]);
    } finally {
      await shared.close();
    }
  });

  it('works with the keyboard alone: labelled fields in order, visible focus, Enter submits', async () => {
    const page = await ex.open(`?project=${PROJECT}`);
    expect(await page.getByRole('status').innerText()).toContain('Enter a token');
    const focusOrder: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id ?? '');
      if (focusOrder[focusOrder.length - 1] !== id) focusOrder.push(id);
      if (id === 'forget-token') break;
    }
    expect(focusOrder).toEqual(['token', 'project', 'from', 'to', 'granularity', 'show', 'forget-token']);
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(outline).toBe('solid');

    await page.getByLabel('Token', { exact: true }).focus();
    await page.keyboard.type(ex.key);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await shown(page);
    expect(Object.keys(await totals(page))).toEqual(['All events', 'Page views', 'Unique users', 'Sessions']);

    // The metric checkboxes now sit between the range and the buttons; Space toggles one.
    await page.getByRole('checkbox', { name: 'sessions', exact: true }).focus();
    await page.keyboard.press('Space');
    await page.waitForURL((url) => !url.search.includes('sessions'));
    await shown(page);
    expect(Object.keys(await totals(page))).toEqual(['All events', 'Page views', 'Unique users']);
  });
});
