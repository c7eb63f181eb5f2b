import { pollUntil, uniqueName } from '@gantry/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { useConsoleStack, type BrowserSession } from './support/stack.js';

// What the console does with input it must refuse, or should question, before anything is sent.
const stack = useConsoleStack();
let session: BrowserSession;

const BAD_LINE = 6;
const badManifest = (app: string): string => `name: ${app}
services:
  api:
    image: registry.local/${app}/api:1
    restart:
      policy: sometimes
    resources:
      memoryBytes: 64Mi
      nanoCpus: "0.25"
`;

beforeAll(async () => {
  session = await stack.openSession();
  await session.page.goto('/login');
  await session.logIn();
}, 30_000);

describe('bad input in the console', () => {
  it('shows an invalid manifest’s error at its line, naming the field, and creates nothing', async () => {
    const { page } = session;
    const app = uniqueName('bad').replace(/-/g, '');
    await page.goto('/apps/new');
    await page.getByRole('radio', { name: 'Native manifest' }).check();
    await page.getByLabel('App id').fill(app);
    const editor = page.getByRole('textbox', { name: 'Gantry manifest' });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(badManifest(app));

    // The issue list names the line and the field, and the message says what is allowed.
    const issue = page.getByRole('button', { name: `line ${BAD_LINE}: services.api.restart.policy: "sometimes" is not one of` });
    await issue.waitFor();
    // The editor marks that line: the text underlined, the lint gutter's error marker beside its number.
    await page.locator('.cm-content .cm-line').nth(BAD_LINE - 1).locator('.cm-lintRange-error').waitFor();
    const marker = await page.locator('.cm-gutter-lint .cm-lint-marker-error').boundingBox();
    const lineNumber = await page.locator('.cm-lineNumbers .cm-gutterElement').filter({ hasText: new RegExp(`^${BAD_LINE}$`) }).boundingBox();
    if (marker === null || lineNumber === null) throw new Error('the lint marker or the line number is not on screen');
    expect(Math.abs(marker.y + marker.height / 2 - (lineNumber.y + lineNumber.height / 2))).toBeLessThan(lineNumber.height / 2);
    expect(await page.locator('.cm-gutter-lint .cm-lint-marker-error').count()).toBe(1);
    await stack.screenshot(page, 'new-app-invalid-manifest');

    // Nothing can be sent, and nothing was.
    const create = page.getByRole('button', { name: 'Create app and release 1' });
    expect(await create.isDisabled()).toBe(true);
    await page.getByLabel('App id').press('Enter');
    expect(new URL(page.url()).pathname).toBe('/apps/new');
    expect((await stack.controller.api(`/apps/${app}`)).status).toBe(404);

    // Fixing the line clears the error.
    // Choosing the issue puts the cursor at the start of its line.
    await issue.click();
    await page.keyboard.press('Shift+End');
    await page.keyboard.insertText('      policy: always');
    await page.getByText('No problems found.').waitFor();
    expect(await create.isEnabled()).toBe(true);
  });

  it('warns before deploying to a selector that matches no gateway, and deploys nothing when the user cancels', async () => {
    const { page } = session;
    const app = uniqueName('lonely').replace(/-/g, '');
    expect((await stack.controller.api('/apps', { method: 'POST', body: { id: app } })).status).toBe(201);
    const cut = await stack.controller.api(`/apps/${app}/releases`, { method: 'POST', body: { manifest: badManifest(app).replace('sometimes', 'always'), format: 'gantry' } });
    expect(cut.status, JSON.stringify(cut.body)).toBe(201);

    await page.goto('/deployments/new');
    await page.getByLabel('App', { exact: true }).selectOption(app);
    await pollUntil(async () => (await page.getByLabel('Release', { exact: true }).inputValue()) === `${app}@1`, { timeoutMs: 10_000, what: 'its latest release chosen' });
    await page.getByLabel('Gateways (label selector)').fill(`site=${uniqueName('nowhere')}`);
    await page.getByText('Matches no gateway yet.').waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Deploy to no gateway yet' });
    await dialog.getByText('matches no gateway yet').waitFor();
    await stack.screenshot(page, 'new-deployment-no-match');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe('/deployments/new');
    const deployments = await stack.controller.api(`/deployments?appId=${app}`);
    expect(deployments.status).toBe(200);
    expect((deployments.body as { items: unknown[] }).items).toEqual([]);
  });
});
