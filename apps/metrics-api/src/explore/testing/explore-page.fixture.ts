import type { Browser, Page } from 'playwright-core';
import { openApiFixture, type ApiFixture } from '../../testing/api-test.fixture';
import { startApiServer, type ApiServer } from '../../api.server';
import { launchChromium, openSession, type BrowserSession } from './explore-browser.fixture';
import { BROWSER_ZONE, PROJECT, seedProjects, type SeededProject } from './explore-seed.fixture';

export interface ExplorePageFixture {
  browser: Browser;
  /** The app's own origin, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** A project key of PROJECT. */
  key: string;
  seeded: SeededProject;
  /** The current test's browser session, once `open` made it. */
  session(): BrowserSession;
  /** A fresh browser profile in BROWSER_ZONE on /explore with this query. */
  open(query: string, options?: Parameters<typeof openSession>[1]): Promise<Page>;
  /** Closes the test's session; returns its script errors and CSP refusals. */
  endSession(): Promise<string[]>;
  close(): Promise<void>;
}

/** The real app on a free loopback port, its store seeded (explore-seed.fixture.ts), and a Chromium. */
export async function openExplorePageFixture(): Promise<ExplorePageFixture> {
  const fx: ApiFixture = await openApiFixture();
  let api: ApiServer | undefined;
  try {
    const seeded = await seedProjects(fx);
    const key = (await fx.store.createApiKey(PROJECT, 'explore')).key;
    api = await startApiServer(fx.app, 0, '127.0.0.1');
    const server = api;
    const browser = await launchChromium();
    const origin = `http://127.0.0.1:${server.port}`;
    let current: BrowserSession | undefined;
    return {
      browser,
      origin,
      key,
      seeded,
      session: () => {
        if (!current) throw new Error('no browser session: call open() first');
        return current;
      },
      async open(query, options = {}) {
        current = await openSession(browser, { timezoneId: BROWSER_ZONE, ...options });
        current.page.setDefaultTimeout(15_000);
        await current.page.goto(`${origin}/explore${query}`);
        return current.page;
      },
      async endSession() {
        const problems = current?.problems ?? [];
        await current?.context.close();
        current = undefined;
        return problems;
      },
      async close() {
        await browser.close();
        await server.stop();
        await fx.close();
      },
    };
  } catch (error) {
    await api?.stop();
    await fx.close();
    throw error;
  }
}
