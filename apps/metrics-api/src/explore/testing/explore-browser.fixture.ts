import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Screenshots of the test runs: looked at by people, never committed (.local is ignored by git). */
export const ARTIFACTS_DIR = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  '.local',
  'test-artifacts',
  'explore',
);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile on one page, recording every request it makes and every problem it reports. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  requests: Request[];
  /** Script errors and Content-Security-Policy refusals; a test expects none. */
  problems: string[];
}

export async function openSession(
  browser: Browser,
  options: { width?: number; colorScheme?: 'light' | 'dark'; timezoneId?: string } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: 'en-US',
    timezoneId: options.timezoneId,
  });
  const page = await context.newPage();
  const requests: Request[] = [];
  const problems: string[] = [];
  context.on('request', (request) => requests.push(request));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/content security policy|refused to/i.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  return { context, page, requests, problems };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Pastes a token into the form and submits it with Enter, as a person would. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByLabel('Token', { exact: true }).press('Enter');
}

/** Resolves once the page reports a successful read. */
export function shown(page: Page): Promise<void> {
  return page.locator('#status', { hasText: 'Showing' }).waitFor();
}

export function metricCard(page: Page, title: string) {
  return page.getByRole('article', { name: title, exact: true });
}

/** Each card's heading and the total shown beside its chart, in page order. */
export async function totals(page: Page): Promise<Record<string, string>> {
  const cards = await page.locator('article.metric-card').all();
  const entries = await Promise.all(
    cards.map(async (card) => [
      await card.locator('h3').innerText(),
      await card.locator('.total-value').innerText(),
    ]),
  );
  return Object.fromEntries(entries);
}

/** The headline row above the charts: each figure's label and value, in page order. */
export async function headline(page: Page): Promise<Record<string, string>> {
  const figures = await page.locator('#headline .figure').all();
  const entries = await Promise.all(
    figures.map(async (figure) => [
      await figure.locator('dt').innerText(),
      await figure.locator('dd').innerText(),
    ]),
  );
  return Object.fromEntries(entries);
}

/** A card's values table as [bucket start, value] rows. */
export function tableRows(page: Page, title: string): Promise<[string, string][]> {
  return metricCard(page, title)
    .locator('.values tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.children[0].textContent ?? '', tr.children[1].textContent ?? '']),
    );
}
