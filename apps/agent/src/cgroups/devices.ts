import type { ResourceCaps } from '@gantry/app-spec';
import type { CgroupFs, DeviceNumber } from './fs-port.js';

/** Every device path the per-device caps name, once each. */
export function deviceCapPaths(caps: ResourceCaps): string[] {
  const lists = [caps.blkioWeightDevice, caps.deviceReadBps, caps.deviceWriteBps, caps.deviceReadIops, caps.deviceWriteIops];
  return [...new Set(lists.flatMap((list) => list.map((cap) => cap.path)))];
}

/**
 * Looks up the device numbers of the caps' device paths, since cgroup files name devices
 * by `major:minor`. A path that does not exist is left out; verification then reports that
 * field as unsupported.
 */
export async function resolveDevices(fs: CgroupFs, caps: ResourceCaps): Promise<Map<string, DeviceNumber>> {
  const devices = new Map<string, DeviceNumber>();
  for (const path of deviceCapPaths(caps)) {
    const device = await fs.deviceNumber(path);
    if (device) devices.set(path, device);
  }
  return devices;
}
