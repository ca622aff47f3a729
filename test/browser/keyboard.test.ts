/// <reference lib="dom" />
// page.evaluate runs in the browser: these callbacks use its DOM types.
import type { Page } from 'playwright-core';
import { boardStack, newBoardPage, pageProblems } from '../helpers/browser';

/** What has the focus: its tag, type, value and visible text, enough to tell the controls apart. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      type: element?.type ?? '',
      value: element?.value ?? '',
      checked: element?.checked ?? false,
      text: element?.textContent?.trim() ?? '',
    };
  });

/** Presses Tab until the focus is on what `wanted` accepts; fails when it never gets there. */
async function tabTo(
  page: Page,
  wanted: (element: Awaited<ReturnType<typeof focused>>) => boolean,
  what: string,
): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    if (wanted(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

// Someone who works without a mouse signs in, skips the navigation, moves between pages and
// opens and closes a form, with the keyboard alone.
describe('the web board with the keyboard alone', () => {
  const board = boardStack();

  it('signs in, skips to the content, follows the navigation and opens a start form', async () => {
    const { page } = await newBoardPage(board.browser, board.stack.apiUrl);
    await page.goto('/login');
    await tabTo(page, (element) => element.type === 'email', 'the email field');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('olga@hq.example');
    await tabTo(
      page,
      (element) => element.type === 'checkbox' && element.value === 'ops_manager',
      'the ops manager role',
    );
    if (!(await focused(page)).checked) await page.keyboard.press('Space');
    expect(await focused(page)).toMatchObject({ checked: true });
    await tabTo(page, (element) => element.tag === 'button' && element.text === 'Sign in', 'the sign-in button');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // The first stop on every page skips the navigation.
    await page.goto('/launches');
    await page.getByRole('heading', { name: 'Launches' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to content' });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await tabTo(page, (element) => element.tag === 'a' && element.text === 'Start a launch', 'the start link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/launches\/new$/);
    await tabTo(page, (element) => element.tag === 'input', 'the first field of the form');
    await page.keyboard.type('keyboard-launch');

    // Back to the navigation and on to the POCs, without touching the mouse.
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, (element) => element.tag === 'a' && element.text === 'POCs', 'the POCs link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/pocs$/);
    await page.getByRole('heading', { name: 'POCs by region' }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  });
});
