import type { Locator, Page } from 'playwright-core';

/** The row of a table (in the page, or in one part of it) with a cell that reads exactly `text`. */
export function rowOf(scope: Page | Locator, text: string): Locator {
  // The inner locator of `has` is matched inside each row, so it must start from the page.
  const page = 'mainFrame' in scope ? scope : scope.page();
  return scope.getByRole('row').filter({ has: page.getByText(text, { exact: true }) });
}

/** The page's live indicator once it says the live stream is connected. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: /^\s*live\s*$/ }).first().waitFor();
}

/**
 * Marks the loaded document, so a test can tell later that what it saw arrived without
 * a reload (a reload makes a new window and loses the mark).
 */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  const mark = `gantry-${Math.random().toString(36).slice(2)}`;
  await page.evaluate(`window.__gantryTestMark = ${JSON.stringify(mark)}`);
  return async () => (await page.evaluate('window.__gantryTestMark')) === mark;
}
