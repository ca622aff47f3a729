import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startBatonStack, type BatonStack, type Identity } from './baton-harness';
import { chromiumPath } from './test-env';

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
/** Every page is read in this zone, so what the board shows can be checked against it. */
export const TIME_ZONE = 'Asia/Shanghai';

/**
 * A real stack (Temporal dev server, PGlite, worker, API with the development login) and a
 * Chromium for the tests of one describe block; read them inside the tests.
 */
export function boardStack(): { readonly stack: BatonStack; readonly browser: Browser } {
  const board = {} as { stack: BatonStack; browser: Browser };
  beforeAll(async () => {
    [board.stack, board.browser] = await Promise.all([
      startBatonStack('pglite', { api: { devLogin: true } }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await board.browser?.close();
    await board.stack?.stop();
  });
  return board;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    // PLAYWRIGHT_CHROMIUM_PATH, Playwright's Chromium or the system's (toolchain/chromium.ts).
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser profile (its own storage, so its own sign-in) at a viewport. */
export async function newBoardPage(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport, timezoneId: TIME_ZONE, locale: 'en-GB' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  // A script error or a CSP violation is a bug: fail the test on it rather than on a missing button later.
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  (page as Page & { problems?: string[] }).problems = problems;
  return { context, page };
}

/** Errors the page raised so far (script errors, CSP refusals). */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** Signs in through the board's development-login form, as a person would. */
export async function signIn(page: Page, identity: Identity): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Who you are (email)').fill(identity.subject);
  const roles = page.getByRole('group', { name: 'Roles' });
  for (const box of await roles.getByRole('checkbox').all()) {
    const role = await box.getAttribute('value');
    await box.setChecked(identity.roles.includes(role as Identity['roles'][number]));
  }
  await page.getByLabel('Regions').fill((identity.regions ?? []).join(', '));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A screenshot under test-output/screenshots/ for a person to look at: the whole page, or what fits the screen. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}
