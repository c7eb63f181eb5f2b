import type { Fleet } from '@gantry/firmware-sim';
import { pollUntil, uniqueName } from '@gantry/test-kit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markDocument, rowOf, waitUntilLive } from './support/page-helpers.js';
import { startSimFleet } from './support/sim-fleet.js';
import { useConsoleStack, type BrowserSession } from './support/stack.js';

// The fleet table over ten simulated gateways, and a gateway dropping off while it is open.
const COUNT = 10;
const stack = useConsoleStack();
const prefix = uniqueName('live');
let fleet: Fleet | undefined;
let session: BrowserSession;

beforeAll(async () => {
  fleet = await startSimFleet(stack.controller.url, { count: COUNT, idPrefix: prefix, labels: (index) => ({ site: prefix, ring: index <= 5 ? 'early' : 'late' }) });
  session = await stack.openSession();
  await session.page.goto('/login');
  await session.logIn();
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
}, 30_000);

function deviceIds(): string[] {
  if (!fleet) throw new Error('the simulated fleet did not start');
  return fleet.gateways.map((gateway) => gateway.deviceId);
}

describe('the fleet page', () => {
  it('lists every enrolled gateway as online', async () => {
    const { page } = session;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    for (const id of deviceIds()) await rowOf(page, id).getByText('online', { exact: true }).waitFor();
    const listed = await controllerStatuses();
    expect([...listed.keys()].sort()).toEqual(deviceIds().sort());
  });

  it("turns a gateway's row offline without a reload when the gateway goes offline, and online again when it is back", async () => {
    if (!fleet) throw new Error('the simulated fleet did not start');
    const { page } = session;
    await page.goto('/');
    await waitUntilLive(page);
    const [victimId, bystanderId] = [deviceIds()[2], deviceIds()[3]];
    if (victimId === undefined || bystanderId === undefined) throw new Error('the fleet is too small');
    await rowOf(page, victimId).getByText('online', { exact: true }).waitFor();
    const isSameDocument = await markDocument(page);
    const offlineBefore = (await summaryMatchingController(page)).offline;

    const victim = fleet.gateway(victimId);
    await victim.stop();
    await rowOf(page, victimId).getByText('offline', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await isSameDocument()).toBe(true);
    expect((await summaryMatchingController(page)).offline).toBeGreaterThan(offlineBefore);
    expect(await rowOf(page, bystanderId).getByText('online', { exact: true }).isVisible()).toBe(true);
    expect((await controllerStatuses()).get(victimId)).toBe('offline');

    await victim.start();
    await rowOf(page, victimId).getByText('online', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await isSameDocument()).toBe(true);
  });
});

async function controllerStatuses(): Promise<Map<string, string>> {
  const listed = await stack.controller.api(`/devices?limit=100&label=${encodeURIComponent(`site=${prefix}`)}`);
  expect(listed.status, JSON.stringify(listed.body)).toBe(200);
  const { items } = listed.body as { items: Array<{ id: string; status: string }> };
  return new Map(items.map((device) => [device.id, device.status]));
}

/** The summary's figures once they equal the controller's own counts (they follow the live stream). */
async function summaryMatchingController(page: Page): Promise<{ total: number; online: number; offline: number }> {
  const summary = page.getByRole('region', { name: 'Fleet summary' });
  const figure = async (label: string) => Number((await summary.getByRole('link', { name: new RegExp(`^${label}`) }).locator('strong').innerText()).replace(/,/g, ''));
  return pollUntil(
    async () => {
      const answer = await stack.controller.api('/devices/summary');
      const counts = answer.body as { total: number; byStatus: { online: number; offline: number } };
      const shown = { total: await figure('Gateways'), online: await figure('Online'), offline: await figure('Offline') };
      const isSame = shown.total === counts.total && shown.online === counts.byStatus.online && shown.offline === counts.byStatus.offline;
      return isSame ? shown : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 200, what: 'the fleet summary to show the controller’s counts' },
  );
}
