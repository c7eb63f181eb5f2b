import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../support/controller-process.js';
import { useConsoleStack, type BrowserSession } from './support/stack.js';

// Logging in and out of the console, and what a dead session does to a user deep in it.
const stack = useConsoleStack();
const DEEP_PAGE = '/deployments';

/** The session token the browser holds: the controller's own HttpOnly cookie. */
async function sessionToken(session: BrowserSession): Promise<string> {
  const cookie = (await session.context.cookies()).find((c) => c.name === 'gantry_session');
  if (cookie === undefined) throw new Error('the browser holds no gantry_session cookie');
  return cookie.value;
}

async function loggedInSession(): Promise<BrowserSession> {
  const session = await stack.openSession();
  await session.page.goto('/login');
  await session.logIn();
  return session;
}

describe('the console session', () => {
  it('logs in with the admin password; a wrong password shows an error and stays on the login page', async () => {
    const { page, problems } = await stack.openSession();
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(`${ADMIN_PASSWORD}-wrong`);
    problems.expectFailure({ path: '/api/v1/auth/login', status: 401 });
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByText('admin', { exact: true }).waitFor();
  });

  it('logging out returns to the login page and ends the session', async () => {
    const session = await loggedInSession();
    const { page, problems } = session;
    const token = await sessionToken(session);
    // The fleet page's live stream and refreshes may ask once more on their way out, and be refused.
    problems.expectFailure({ path: '/api/v1/', status: 401 });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    const me = await fetch(`${stack.controller.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);

    // Without a session, a console page sends the user to log in.
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
  });

  it('sends a user whose cookie is corrupt from a deep page to login, and back to that page after logging in', async () => {
    const session = await loggedInSession();
    const { context, page, problems } = session;
    const cookie = (await context.cookies()).find((c) => c.name === 'gantry_session');
    if (cookie === undefined) throw new Error('the browser holds no gantry_session cookie');
    // Every call from then on is refused, the open fleet page's refreshes too.
    problems.expectFailure({ path: '/api/v1/', status: 401 });
    await context.addCookies([{ ...cookie, value: `${cookie.value.slice(0, -4)}AAAA` }]);

    await page.goto(DEEP_PAGE);
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === DEEP_PAGE);
    await session.logIn();
    await page.waitForURL((url) => url.pathname === DEEP_PAGE);
    // The page settles (its live stream connects) and the user stays on it.
    await page.getByRole('status').filter({ hasText: /^\s*live\s*$/ }).or(page.getByRole('heading', { name: 'Log in' })).first().waitFor();
    expect(new URL(page.url()).pathname).toBe(DEEP_PAGE);
    await page.getByRole('heading', { name: 'Deployments', level: 1 }).waitFor();
    const current = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).getAttribute('aria-current');
    expect(current).toBe('page');
  });

  it('sends a user whose session was ended elsewhere to login with a notice, and back to where they were after logging in', async () => {
    const session = await loggedInSession();
    const { page, problems } = session;
    await page.goto(DEEP_PAGE);
    await page.getByRole('heading', { name: 'Deployments', level: 1 }).waitFor();

    // The session ends outside this browser (another tab logs out); the user goes on working in this one.
    const logout = await fetch(`${stack.controller.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${await sessionToken(session)}` } });
    expect(logout.status).toBe(204);
    problems.expectFailure({ path: '/api/v1/', status: 401 });
    // The console may notice first (the session is checked again when the tab regains focus);
    // otherwise the page the user opens next finds the session gone.
    await page
      .getByRole('link', { name: 'Deploy a release' })
      .click({ timeout: 5_000 })
      .catch((error: unknown) => {
        if (new URL(page.url()).pathname !== '/login') throw error;
      });
    const wasAt = ['/deployments', '/deployments/new'];
    await page.waitForURL((url) => url.pathname === '/login' && wasAt.includes(url.searchParams.get('next') ?? '') && url.searchParams.get('expired') === '1');
    const next = new URL(page.url()).searchParams.get('next');
    await page.getByRole('status').filter({ hasText: 'Your session has expired' }).waitFor();
    await session.logIn();
    await page.waitForURL((url) => url.pathname === next);
    await page.getByRole('heading', { name: next === DEEP_PAGE ? 'Deployments' : 'Deploy a release', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(next);
  });
});
