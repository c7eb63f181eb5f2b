import type { Fleet, SimGateway } from '@gantry/firmware-sim';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markDocument, rowOf, waitUntilLive } from './support/page-helpers.js';
import { enrollFromCommand, startSimFleet } from './support/sim-fleet.js';
import { useConsoleStack, type BrowserSession } from './support/stack.js';

// The main path through the console, as an operator walks it: enroll gateways, define an
// app from a compose file, cut a release, roll it out in waves, look at a gateway, roll
// back. Every page along the way is kept as a screenshot.
const SIMS = 12;
const stack = useConsoleStack();
const site = uniqueName('site');
const app = uniqueName('flow').replace(/-/g, '');
let fleet: Fleet | undefined;
let tokenGateway: { gateway: SimGateway; stop(): Promise<void> } | undefined;
let session: BrowserSession;
let deploymentId = '';

const compose = (tag: string): string => `services:
  web:
    image: registry.local/${app}/web:${tag}
    restart: always
    mem_limit: 64m
    cpus: 0.25
    environment:
      MODE: edge
  worker:
    image: registry.local/${app}/worker:${tag}
    restart: unless-stopped
    mem_limit: 32m
    cpus: 0.1
`;

interface DeploymentBody {
  id: string;
  phase: string;
  total: number;
  releaseId: string;
  totals: Record<string, number>;
}

beforeAll(async () => {
  // Telemetry every 2 s, so the gateway page has samples to chart.
  fleet = await startSimFleet(stack.controller.url, { count: SIMS, idPrefix: site, labels: (index) => ({ site, ring: index <= 4 ? 'canary' : 'main' }), telemetryIntervalMs: 2_000 });
  session = await stack.openSession();
  await session.page.goto('/login');
  await session.logIn();
}, 60_000);

afterAll(async () => {
  await tokenGateway?.stop();
  await fleet?.stop();
}, 30_000);

async function deployment(): Promise<DeploymentBody> {
  const response = await stack.controller.api(`/deployments/${deploymentId}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as DeploymentBody;
}

/** Waits until every gateway on the site (the simulated fleet and the one installed by hand) runs this release. */
async function waitForGateways(releaseId: string): Promise<void> {
  const gateways = [...(fleet?.gateways ?? []), ...(tokenGateway === undefined ? [] : [tokenGateway.gateway])];
  expect(gateways).toHaveLength(SIMS + 1);
  await pollUntil(() => gateways.every((gateway) => gateway.report()?.apps[app]?.releaseId === releaseId), {
    timeoutMs: 30_000,
    intervalMs: 250,
    what: `every gateway on ${releaseId}`,
  });
}

describe('deploying an app to a fleet from the console', () => {
  it('creates an enrollment token on the Enrollment page and enrolls a gateway with the command it shows', async () => {
    const { page } = session;
    await page.goto('/enrollment');
    await page.getByRole('heading', { name: 'Enrollment', level: 1 }).waitFor();
    await stack.screenshot(page, 'enrollment');
    await page.getByLabel('Note').fill('installed by hand');
    await page.getByLabel('Label 1 key').fill('site');
    await page.getByLabel('Label 1 value').fill(site);
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByLabel('Enroll command');
    await shown.waitFor();
    const command = (await shown.textContent()) ?? '';
    expect(command).toMatch(/^gantry-agent enroll --controller \S+ --token \S+$/);
    await stack.screenshot(page, 'enrollment-token');

    tokenGateway = await enrollFromCommand(command, `${site}-installed`);
    expect(tokenGateway.gateway.identity.labels).toMatchObject({ site });
    // The token list shows it used, without a reload.
    await rowOf(page, 'installed by hand').getByText('used', { exact: true }).waitFor();
    await page.goto('/');
    await rowOf(page, `${site}-installed`).getByText('online', { exact: true }).waitFor({ timeout: 15_000 });
    await stack.screenshot(page, 'fleet');
  });

  it('creates an app from a compose file on the New app page', async () => {
    const { page } = session;
    await page.goto('/apps/new');
    await page.getByRole('heading', { name: 'New app', level: 1 }).waitFor();
    await page.getByLabel('Load from a file').setInputFiles({ name: 'docker-compose.yml', mimeType: 'text/yaml', buffer: Buffer.from(compose('1.0')) });
    await page.getByRole('radio', { name: 'docker-compose' }).and(page.locator(':checked')).waitFor();
    await page.getByLabel('App id').fill(app);
    await page.getByLabel('Description').fill('Web front and worker for the edge');
    await page.getByText('No problems found.').waitFor();
    await stack.screenshot(page, 'new-app');
    await page.getByRole('button', { name: 'Create app and release 1' }).click();
    await page.waitForURL((url) => url.pathname === `/apps/${app}`);
    await page.getByRole('heading', { name: app, level: 1 }).waitFor();

    const releases = await stack.controller.api(`/apps/${app}/releases`);
    expect(releases.status).toBe(200);
    expect((releases.body as { items: Array<{ version: number }> }).items.map((release) => release.version)).toEqual([1]);

    // Release 1 runs on the site before release 2 rolls out: it is what a rollback returns to.
    const baseline = await stack.controller.api('/deployments', { method: 'POST', body: { appId: app, releaseId: `${app}@1`, selector: `site=${site}` } });
    expect(baseline.status, JSON.stringify(baseline.body)).toBe(201);
    await waitForGateways(`${app}@1`);
  });

  it('cuts a second release on the app page and shows how it differs', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Cut a new release' }).click();
    await page.getByRole('heading', { name: `Cut a release of ${app}`, level: 1 }).waitFor();
    await page.getByLabel('Load from a file').setInputFiles({ name: 'docker-compose.yml', mimeType: 'text/yaml', buffer: Buffer.from(compose('1.1')) });
    await page.getByText('No problems found.').waitFor();
    await page.getByLabel('Release notes').fill('web and worker 1.1');
    await page.getByRole('button', { name: 'Cut v2' }).click();
    await page.waitForURL((url) => url.pathname === `/apps/${app}`);
    const releasesTable = page.getByRole('region', { name: 'Releases' });
    await rowOf(releasesTable, 'v2').getByText('latest', { exact: true }).waitFor();
    const releases = await stack.controller.api(`/apps/${app}/releases`);
    expect((releases.body as { items: Array<{ version: number }> }).items.map((release) => release.version)).toEqual([2, 1]);

    // What changed from v1: the images' tags.
    await rowOf(releasesTable, 'v2').getByRole('button', { name: 'Changes' }).click();
    const diff = page.getByRole('region', { name: 'Compare releases' });
    await rowOf(diff, 'services.web.image').getByText('changed', { exact: true }).waitFor();
    expect(await rowOf(diff, 'services.web.image').textContent()).toContain(`registry.local/${app}/web:1.1`);
    await stack.screenshot(page, 'app');
    await page.goto('/apps');
    await rowOf(page, app).waitFor();
    await stack.screenshot(page, 'apps');
  });

  it('deploys release 2 to a label in waves and shows the rollout reach converged', async () => {
    const { page } = session;
    await page.goto('/deployments/new');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel('App', { exact: true }).selectOption(app);
    await page.getByLabel('Release', { exact: true }).selectOption(`${app}@2`);
    await page.getByLabel('Gateways (label selector)').fill(`site=${site}`);
    await page.getByText(`Matches ${SIMS + 1} gateways`).waitFor();
    await page.getByRole('radio', { name: /In waves/ }).check();
    await page.getByLabel('Wave size', { exact: true }).fill('5');
    await page.getByLabel('Wave size unit').selectOption('count');
    await page.getByLabel('Pause between waves').fill('0');
    await page.getByLabel('Failure threshold (%)').fill('50');
    await page.getByText(`${SIMS + 1} matching gateways make 3 waves`).waitFor();
    await stack.screenshot(page, 'new-deployment');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.waitForURL((url) => /^\/deployments\/[0-9a-f-]{36}$/.test(url.pathname));
    deploymentId = new URL(page.url()).pathname.split('/').at(-1) ?? '';

    await waitUntilLive(page);
    const isSameDocument = await markDocument(page);
    const waves = page.getByRole('region', { name: 'Waves' });
    expect(await waves.getByRole('rowheader').count()).toBe(3);
    const total = SIMS + 1;
    await page.getByRole('status').filter({ hasText: `Converged: all ${total} gateways run ${app} release v2.` }).waitFor({ timeout: 45_000 });
    await page.getByText(`${total} of ${total} gateways converged · wave 3 of 3`).waitFor();
    // The rollout view followed the waves live, without a reload.
    expect(await isSameDocument()).toBe(true);
    for (const wave of [1, 2, 3]) await waves.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `${wave} of 3` }) }).getByText('done', { exact: true }).waitFor();
    const done = await deployment();
    expect(done).toMatchObject({ phase: 'complete', total: SIMS + 1, releaseId: `${app}@2` });
    expect(done.totals['converged']).toBe(SIMS + 1);
    await waitForGateways(`${app}@2`);
    await stack.screenshot(page, 'rollout');
    await page.goto('/deployments');
    await rowOf(page, app).first().getByText('complete', { exact: true }).waitFor();
    await stack.screenshot(page, 'deployments');
  });

  it("opens a gateway and shows its services and resource charts", async () => {
    if (!fleet) throw new Error('the simulated fleet did not start');
    const { page } = session;
    const gatewayId = fleet.gateways[0]?.deviceId ?? '';
    await page.goto('/');
    await page.getByRole('link', { name: gatewayId, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/gateways/${gatewayId}`);
    await page.getByRole('heading', { name: gatewayId, level: 1 }).waitFor();
    const services = page.getByRole('region', { name: 'Services' });
    for (const service of ['web', 'worker']) await rowOf(services, service).getByText('running', { exact: true }).waitFor();
    // The charts draw a curve through the gateway's telemetry samples once two have arrived
    // (a thin one at the right edge: the range shown is far longer than the test).
    for (const chart of ['Gateway memory', 'Gateway CPU', `${app}/web`]) {
      const curve = page.getByRole('figure', { name: chart, exact: true }).locator('path.recharts-curve').first();
      await pollUntil(async () => /^M[\d.]+,[\d.]+[CL]/.test((await curve.getAttribute('d', { timeout: 1_000 })) ?? ''), { timeoutMs: 15_000, intervalMs: 250, what: `a curve in the ${chart} chart` });
    }
    await stack.screenshot(page, 'gateway');
  });

  it('rolls the deployment back to the release before it', async () => {
    const { page } = session;
    await page.goto(`/deployments/${deploymentId}`);
    await page.getByRole('button', { name: 'Roll back', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Roll back / }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('rolled back', { exact: true }).first().waitFor();
    expect((await deployment()).phase).toBe('rolled-back');
    await waitForGateways(`${app}@1`);
    await stack.screenshot(page, 'rollout-rolled-back');
  });

  it('shows the settings page with its API tokens', async () => {
    const { page } = session;
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'API tokens', exact: true }).waitFor();
    await stack.screenshot(page, 'settings');
  });
});
