// A real headless Chromium for the web board's tests: Debian's `chromium` package driven by
// playwright-core (no browser download). Each page records every request it makes, its console
// errors, uncaught errors and dialogs, so tests can prove what it did and did not do.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** Where Debian's package puts the browser. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, and nothing that talks to the network by itself: on a closed network Chromium's own
 * background connections are refused and it misbehaves without these.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots kept as test artifacts (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** The two sizes the board must work at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Launch the browser, or fail with what is missing (never skip: a board nobody tested in a browser
 * is not tested).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The web board's browser tests need Chromium at ${CHROMIUM} (Debian's "chromium" package), which is missing: ` +
        'install it with `apt-get update && apt-get install -y chromium` (.ci/run does this on CI).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
}

/** A console message or page error, with the URL it is about. */
export interface PageProblem {
  readonly text: string;
  readonly url: string;
}

/** A page and what it did. */
export interface WatchedPage {
  readonly page: Page;
  /** `METHOD url` of every request, in order. */
  readonly requests: string[];
  /** Console errors (`console.error`, failed resource loads, CSP violations). */
  readonly consoleErrors: PageProblem[];
  /** Uncaught exceptions. */
  readonly pageErrors: string[];
  /** Every alert/confirm/prompt that was opened (each is dismissed). */
  readonly dialogs: string[];
}

/**
 * A new page (its own context: fresh storage) at `viewport`, recording its activity.
 *
 * @example
 * ```ts
 * const { page, requests } = await watchedPage(browser, VIEWPORTS.desktop);
 * ```
 */
export async function watchedPage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const watched: WatchedPage = {
    page,
    requests: [],
    consoleErrors: [],
    pageErrors: [],
    dialogs: [],
  };
  page.on('request', (request) => watched.requests.push(`${request.method()} ${request.url()}`));
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error')
      watched.consoleErrors.push({ text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return watched;
}

/** Save a full-page screenshot as `test/artifacts/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}
