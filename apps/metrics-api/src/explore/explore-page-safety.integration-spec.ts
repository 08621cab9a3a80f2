// The callbacks given to page.evaluate run in the browser.
/// <reference lib="dom" />
import { screenshot, shown, signIn, totals } from './testing/explore-browser.fixture';
import { openExplorePageFixture, type ExplorePageFixture } from './testing/explore-page.fixture';
import { OTHER_PROJECT, PROJECT } from './testing/explore-seed.fixture';

describe('/explore in Chromium: refusals, failures and where the token goes', () => {
  let ex: ExplorePageFixture;

  beforeAll(async () => {
    ex = await openExplorePageFixture();
  });
  // Every test: no script error and nothing refused by the Content-Security-Policy.
  afterEach(async () => expect(await ex.endSession()).toEqual([]));
  afterAll(() => ex?.close());

  it("refuses another project's id and an unknown token with the API's own words", async () => {
    const page = await ex.open(`?project=${OTHER_PROJECT}`);
    await signIn(page, ex.key);
    const alert = page.getByRole('alert');
    await alert.getByText('This key belongs to another project').waitFor();
    expect(await alert.innerText()).toContain('Not allowed (403 forbidden)');
    expect(await page.locator('#results').isHidden()).toBe(true);
    await screenshot(page, 'refused-403');

    await signIn(page, 'mk_not_a_key_of_this_server');
    await alert.getByText('Unknown or revoked token').waitFor();
    expect(await alert.innerText()).toContain('Not signed in (401 unauthorized)');
  });

  it('lists each issue of a 400 with its path', async () => {
    const page = await ex.open(`?project=${PROJECT}&from=2026-02-10&to=2026-02-01`);
    await signIn(page, ex.key);
    const alert = page.getByRole('alert');
    await alert.getByText('must not be before from').waitFor();
    expect(await alert.innerText()).toContain('(400 invalid_request)');
    expect(await alert.locator('li').allInnerTexts()).toEqual(['to: must not be before from']);
  });

  it('waits the Retry-After seconds of a 503, says so, and retries by itself', async () => {
    const page = await ex.open(`?project=${PROJECT}&granularity=day&metrics=total_events`);
    // One answer is replaced by the contract's 503, as a saturated server gives it; the rest is the real API.
    await page.route(
      `${ex.origin}/v1/projects/${PROJECT}/metrics?**`,
      (route) =>
        route.fulfill({
          status: 503,
          headers: { 'Retry-After': '2', 'Content-Type': 'application/json' },
          body: JSON.stringify({ error: { code: 'unavailable', message: 'The database does not answer' } }),
        }),
      { times: 1 },
    );
    await signIn(page, ex.key);
    const alert = page.getByRole('alert');
    await alert.getByText('The database does not answer').waitFor();
    const text = await alert.innerText();
    expect(text).toContain('The API is unavailable (503 unavailable)');
    expect(text).toContain('retry after 2 s (Retry-After)');
    await screenshot(page, 'retry-503');
    await shown(page);
    expect(await alert.isHidden()).toBe(true);
    expect((await totals(page))['All events']).toBe('16');
  });

  it("makes no request outside the API's origin and never puts the token in a URL", async () => {
    const page = await ex.open(`?project=${PROJECT}`);
    await signIn(page, ex.key);
    await shown(page);
    await page.getByLabel('Granularity', { exact: true }).selectOption('week');
    await page.waitForURL(/granularity=week/);
    await page.getByRole('checkbox', { name: 'sessions', exact: true }).uncheck();
    await page.waitForURL((url) => !url.search.includes('sessions'));
    await page.reload();
    await shown(page);

    const requests = ex.session().requests;
    const paths = new Set(requests.map((request) => new URL(request.url()).pathname));
    expect([...paths].sort()).toEqual([
      '/explore',
      '/explore/assets/explore.css',
      '/explore/assets/explore.js',
      '/explore/assets/favicon.svg',
      `/v1/projects/${PROJECT}/metric-names`,
      `/v1/projects/${PROJECT}/metrics`,
    ]);
    for (const request of requests) {
      expect(new URL(request.url()).origin).toBe(ex.origin);
      expect(request.url()).not.toContain(ex.key);
      const authorization = (await request.allHeaders())['authorization'];
      expect(authorization).toBe(request.url().includes('/v1/') ? `Bearer ${ex.key}` : undefined);
    }
    expect(page.url()).not.toContain(ex.key);
    const storage = await page.evaluate(() => ({
      local: localStorage.length,
      session: Object.values(sessionStorage),
      cookie: document.cookie,
    }));
    expect(storage).toEqual({ local: 0, session: [ex.key], cookie: '' });
  });
});
