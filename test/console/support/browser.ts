import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's Chromium: the tests never download a browser. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A request the test provokes on purpose (a wrong password, a dead session): Chromium logs its status as an error. */
export interface ExpectedFailure {
  /** Part of the request's URL, e.g. `/api/v1/auth/login`. */
  path: string;
  status: number;
}

/**
 * Every console error and uncaught page error of a browser context's pages. The console
 * must run without any: a test fails on one unless it provoked that failed request itself.
 */
export class PageProblems {
  private problems: string[] = [];
  private expected: ExpectedFailure[] = [];

  constructor(context: BrowserContext) {
    const watch = (page: Page) => {
      page.on('console', (message) => {
        if (message.type() === 'error' && !this.isExpected(message) && !isNetworkChange(message)) this.problems.push(`console error on ${page.url()}: ${describe(message)}`);
      });
      page.on('pageerror', (error) => this.problems.push(`uncaught error on ${page.url()}: ${error.stack ?? error.message}`));
    };
    for (const page of context.pages()) watch(page);
    context.on('page', watch);
  }

  /** Lets Chromium's "Failed to load resource" message for this request through. */
  expectFailure(failure: ExpectedFailure): void {
    this.expected.push(failure);
  }

  /** The problems seen since the last call, and forgets them and the expected failures. */
  take(): string[] {
    const seen = this.problems;
    this.problems = [];
    this.expected = [];
    return seen;
  }

  private isExpected(message: ConsoleMessage): boolean {
    const match = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
    if (!match) return false;
    const url = message.location().url;
    return this.expected.some((failure) => failure.status === Number(match[1]) && url.includes(failure.path));
  }
}

/**
 * Chromium aborts requests in flight when the host's network interfaces change (containers
 * of other tests starting and stopping): the machine's doing, not the console's.
 */
function isNetworkChange(message: ConsoleMessage): boolean {
  return message.text().includes('net::ERR_NETWORK_CHANGED');
}

function describe(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return `${message.text()}${url === '' ? '' : ` (${url}:${lineNumber})`}`;
}
