import { matches, type Selector } from '@gantry/fleet';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { Device } from '../devices/device.entity.js';

const PAGE = 1_000;

/**
 * Ids (in id order) of the gateways whose labels match `selector`, revoked ones left out.
 * Selectors have set-based operators no SQL index serves, so labels are matched here,
 * a page of gateways at a time.
 */
export async function matchingDeviceIds(manager: EntityManager, selector: Selector): Promise<string[]> {
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const page = await manager.find(Device, {
      where: { id: MoreThan(after), revokedAt: IsNull() },
      select: { id: true, labels: true },
      order: { id: 'ASC' },
      take: PAGE,
    });
    for (const device of page) if (matches(selector, device.labels)) ids.push(device.id);
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) return ids;
    after = last.id;
  }
}
