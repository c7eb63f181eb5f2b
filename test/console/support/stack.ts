import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ADMIN_PASSWORD, startControllerProcess, type ControllerProcess } from '../../support/controller-process.js';
import { launchBrowser, PageProblems } from './browser.js';
import { startConsoleProcess, type ConsoleProcess } from './console-process.js';

/** Under the repository's test-results, which CI keeps as artifacts. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** A browser context of its own (its own cookies), watched for console and page errors. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Logs in through the login page as the admin and waits to leave it. */
  logIn(): Promise<void>;
}

/** A built controller, the console served against it, and Chromium. */
export interface ConsoleStack {
  controller: ControllerProcess;
  console: ConsoleProcess;
  browser: Browser;
  /** A new context with one page; closed after the file's tests. */
  openSession(): Promise<BrowserSession>;
  /** Saves `<name>.png` of the page, full length, under {@link SCREENSHOT_DIR}. */
  screenshot(page: Page, name: string): Promise<string>;
}

/**
 * Brings up one stack for a test file (beforeAll) and tears it down (afterAll). After each
 * test, it fails the test on any console or page error seen in its sessions, and keeps a
 * screenshot of the latest session's page when the test failed.
 */
export function useConsoleStack(): ConsoleStack {
  const sessions: BrowserSession[] = [];
  let controller: ControllerProcess | undefined;
  let consoleProcess: ConsoleProcess | undefined;
  let browser: Browser | undefined;
  const need = <T>(part: T | undefined, what: string): T => {
    if (part === undefined) throw new Error(`${what} did not start`);
    return part;
  };

  const stack: ConsoleStack = {
    get controller() {
      return need(controller, 'the controller');
    },
    get console() {
      return need(consoleProcess, 'the console');
    },
    get browser() {
      return need(browser, 'Chromium');
    },
    openSession: async () => {
      const context = await stack.browser.newContext({ baseURL: stack.console.url, viewport: { width: 1366, height: 900 } });
      const problems = new PageProblems(context);
      const page = await context.newPage();
      const session: BrowserSession = { context, page, problems, logIn: () => logIn(page) };
      sessions.push(session);
      return session;
    },
    screenshot: async (page, name) => {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const path = `${SCREENSHOT_DIR}${slug(name)}.png`;
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };

  // The deadline leaves room to wait out a console build in progress elsewhere.
  beforeAll(async () => {
    const launching = launchBrowser();
    try {
      // A fast rollout tick: waves follow each other within the test's patience.
      controller = await startControllerProcess({ ROLLOUT_TICK_MS: '200', REPUBLISH_INTERVAL_MS: '1000' });
      consoleProcess = await startConsoleProcess(controller.url);
    } finally {
      browser = await launching;
    }
  }, 240_000);

  afterEach(async ({ task }) => {
    const latest = sessions.at(-1);
    if (task.result?.state === 'fail' && latest !== undefined && !latest.page.isClosed()) {
      // Best effort: the test's own failure is what gets reported.
      await stack.screenshot(latest.page, `${task.name}-failed`).catch(() => undefined);
    }
    const problems = sessions.flatMap((session) => session.problems.take());
    if (problems.length > 0) throw new Error(`the console logged errors:\n${problems.join('\n')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await consoleProcess?.stop();
    await controller?.stop();
  }, 30_000);

  return stack;
}

async function logIn(page: Page): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/login')) await page.goto('/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
