import { describe, expect, it } from 'vitest';
import { findMount, parseDeviceNumber, parseMountinfo } from './mountinfo.js';

describe('parseMountinfo', () => {
  it('reads fields after the separator whatever the number of optional fields', () => {
    const [none, two] = parseMountinfo(
      [
        '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
        '29 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:13 master:2 - cgroup cgroup rw,cpu,cpuacct',
      ].join('\n'),
    );
    expect(none).toEqual({
      device: { major: 0, minor: 29 },
      root: '/',
      mountPoint: '/sys/fs/cgroup/cpu',
      fsType: 'cgroup',
      source: 'cgroup',
      superOptions: ['rw', 'cpu'],
    });
    expect(two?.mountPoint).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(two?.superOptions).toEqual(['rw', 'cpu', 'cpuacct']);
  });

  it('decodes octal escapes in paths', () => {
    const [entry] = parseMountinfo('40 1 8:1 /a\\040b /mnt/my\\040disk rw - ext4 /dev/sda1 rw\n');
    expect(entry?.root).toBe('/a b');
    expect(entry?.mountPoint).toBe('/mnt/my disk');
  });

  it('rejects a line without the separator', () => {
    expect(() => parseMountinfo('40 1 8:1 / /mnt rw ext4 /dev/sda1 rw')).toThrow(/cannot parse mountinfo line/);
  });
});

describe('findMount', () => {
  it('returns the last mount at a point, the one stacked on top', () => {
    const entries = parseMountinfo(['1 0 0:1 / / rw - rootfs rootfs rw', '27 1 254:0 / / rw - ext4 /dev/vda rw'].join('\n'));
    expect(findMount(entries, '/')?.source).toBe('/dev/vda');
    expect(findMount(entries, '/data')).toBeUndefined();
  });
});

describe('parseDeviceNumber', () => {
  it.each([
    ['8:0', { major: 8, minor: 0 }],
    ['254:16', { major: 254, minor: 16 }],
  ])('parses %s', (text, device) => {
    expect(parseDeviceNumber(text)).toEqual(device);
  });

  it('rejects text that is not major:minor', () => {
    expect(() => parseDeviceNumber('sda')).toThrow(/not a device number/);
  });
});
