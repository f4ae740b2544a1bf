/**
 * Debian's Chromium driven by playwright-core, for checking HTML reports in
 * a real browser: opened from a file, with every console error, page error
 * and request recorded. A missing Chromium is an error that says how to
 * install it, never a skipped test.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/** Headless, and nothing that phones home (updates, sync, background fetches). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Launches Chromium. Each launch gets a fresh, temporary user-data-dir of
 * its own (playwright's `launch` creates one and removes it on close).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath}; the HTML report tests need it. Install it with: bash scripts/test-services/chromium.sh (as root or with sudo; it runs apt-get install -y chromium).`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

/** A report page opened in a browser, and what went wrong while it loaded and was used. */
export interface OpenedReport {
  page: Page;
  url: string;
  /** Console errors, page errors, failed requests, and any request for something other than the page itself. */
  problems: string[];
}

/** Opens `path` with file:// in a new page of `browser` and waits for it to load. Default window: 1280x900. */
export async function openReport(browser: Browser, path: string, options: BrowserContextOptions = {}): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const url = pathToFileURL(path).href;
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('request', (request) => {
    if (request.url() !== url) problems.push(`request: ${request.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, problems };
}
