import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupFs, DeviceNumber } from './fs-port.js';

/** Options for {@link NodeCgroupFs}. */
export interface NodeCgroupFsOptions {
  /**
   * A directory every absolute path is resolved under, e.g. a fixture tree that mirrors
   * `/proc` and `/sys/fs/cgroup`. Defaults to the real root.
   */
  root?: string;
}

/** {@link CgroupFs} on `node:fs/promises`. */
export class NodeCgroupFs implements CgroupFs {
  private readonly root: string;

  constructor(options: NodeCgroupFsOptions = {}) {
    this.root = options.root ?? '/';
  }

  /** Reads a file as UTF-8; a file that does not exist gives `undefined`. */
  async readFile(path: string): Promise<string | undefined> {
    try {
      return await readFile(this.resolve(path), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The `rdev` of a block device node, split the way the kernel's `MAJOR()`/`MINOR()` do. */
  async deviceNumber(path: string): Promise<DeviceNumber | undefined> {
    let stats;
    try {
      // bigint: rdev packs major bits above bit 32 (new_encode_dev), beyond 32-bit JS bit operators.
      stats = await stat(this.resolve(path), { bigint: true });
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    if (!stats.isBlockDevice()) throw new Error(`${path} is not a block device; give a device such as /dev/sda`);
    return decodeDev(stats.rdev);
  }

  private resolve(path: string): string {
    return this.root === '/' ? path : join(this.root, path);
  }
}

/** Splits a Linux `dev_t` (glibc's gnu_dev_major/gnu_dev_minor layout). */
export function decodeDev(rdev: bigint): DeviceNumber {
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & 0xfffff000n);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & 0xffffff00n);
  return { major: Number(major), minor: Number(minor) };
}

function isMissing(error: unknown): boolean {
  // ENOTDIR: a path through a file (e.g. a cgroup that became a file) is as missing as ENOENT.
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}
