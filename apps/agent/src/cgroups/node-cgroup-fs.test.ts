import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDev, NodeCgroupFs } from './node-cgroup-fs.js';

describe('NodeCgroupFs', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gantry-cgroup-fs-'));
    await writeFile(join(root, 'pids.max'), 'max\n');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads files under its root', async () => {
    expect(await new NodeCgroupFs({ root }).readFile('/pids.max')).toBe('max\n');
  });

  it('gives undefined for a missing file and for a path through a file', async () => {
    const fs = new NodeCgroupFs({ root });
    expect(await fs.readFile('/memory.max')).toBeUndefined();
    expect(await fs.readFile('/pids.max/child')).toBeUndefined();
  });

  it('gives undefined for a device that does not exist', async () => {
    expect(await new NodeCgroupFs().deviceNumber(join(root, 'no-such-device'))).toBeUndefined();
  });

  it('refuses a device path that is not a block device', async () => {
    await expect(new NodeCgroupFs().deviceNumber('/dev/null')).rejects.toThrow('/dev/null is not a block device');
  });
});

describe('decodeDev', () => {
  // glibc's makedev: the encoding decodeDev undoes.
  const makedev = (major: bigint, minor: bigint) =>
    ((major & 0xfffn) << 8n) | ((major & 0xfffff000n) << 32n) | (minor & 0xffn) | ((minor & 0xffffff00n) << 12n);

  it.each([
    [8, 0], // sda
    [254, 16], // vdb
    [259, 300], // an nvme partition with a minor past 255
    [0x1234, 0x123456], // majors and minors past the old 8-bit fields
  ])('splits rdev back into major %i and minor %i', (major, minor) => {
    expect(decodeDev(makedev(BigInt(major), BigInt(minor)))).toEqual({ major, minor });
  });
});
