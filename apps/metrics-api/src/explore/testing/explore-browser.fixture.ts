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

/** Each item's label and value, in page order: the text of `label` and of `value` inside each of `items`. */
async function labelledValues(
  page: Page,
  items: string,
  label: string,
  value: string,
): Promise<Record<string, string>> {
  const found = await page.locator(items).all();
  const entries = await Promise.all(
    found.map(async (item) => [await item.locator(label).innerText(), await item.locator(value).innerText()]),
  );
  return Object.fromEntries(entries);
}

/** Each card's heading and the total shown beside its chart, in page order. */
export function totals(page: Page): Promise<Record<string, string>> {
  return labelledValues(page, 'article.metric-card', 'h3', '.total-value');
}

/** The headline row above the charts: each figure's label and value, in page order. */
export function headline(page: Page): Promise<Record<string, string>> {
  return labelledValues(page, '#headline .figure', 'dt', 'dd');
}

/** A card's values table as [bucket start, value] rows. */
export function tableRows(page: Page, title: string): Promise<[string, string][]> {
  return metricCard(page, title)
    .locator('.values tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.children[0].textContent ?? '', tr.children[1].textContent ?? '']),
    );
}
