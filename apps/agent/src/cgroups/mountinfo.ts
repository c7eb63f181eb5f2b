import type { DeviceNumber } from './fs-port.js';

/** One line of `/proc/<pid>/mountinfo` (proc(5)), with the fields this module uses. */
export interface MountInfoEntry {
  /** The device of the mounted filesystem (field 3, `major:minor`). */
  readonly device: DeviceNumber;
  /** The path inside the filesystem that is mounted here (field 4); `/` unless a bind mount or cgroup namespace. */
  readonly root: string;
  /** Where it is mounted (field 5). */
  readonly mountPoint: string;
  /** Filesystem type after the ` - ` separator, e.g. `cgroup`, `cgroup2`, `ext4`. */
  readonly fsType: string;
  /** Mount source, e.g. `/dev/vda` or `cgroup`. */
  readonly source: string;
  /** Per-superblock options; for cgroup v1 they name the controllers (`rw,cpu,cpuacct`). */
  readonly superOptions: readonly string[];
}

/**
 * Parses mountinfo text. Lines have a variable number of optional fields before the
 * ` - ` separator, so fields after it are found from the separator, not by position.
 */
export function parseMountinfo(text: string): MountInfoEntry[] {
  const entries: MountInfoEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    const [, , device, root, mountPoint] = fields;
    const fsType = fields[separator + 1];
    const source = fields[separator + 2];
    const superOptions = fields[separator + 3];
    if (separator < 0 || !device || !root || !mountPoint || !fsType || source === undefined || superOptions === undefined) {
      throw new Error(`cannot parse mountinfo line: ${JSON.stringify(line)}`);
    }
    entries.push({
      device: parseDeviceNumber(device),
      root: unescapeOctal(root),
      mountPoint: unescapeOctal(mountPoint),
      fsType,
      source: unescapeOctal(source),
      superOptions: superOptions.split(','),
    });
  }
  return entries;
}

/** The mount that is visible at `mountPoint`: the last one, since later mounts stack on top. */
export function findMount(entries: readonly MountInfoEntry[], mountPoint: string): MountInfoEntry | undefined {
  return entries.findLast((entry) => entry.mountPoint === mountPoint);
}

/** Parses `major:minor`. */
export function parseDeviceNumber(text: string): DeviceNumber {
  const match = /^(\d+):(\d+)$/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`not a device number (major:minor): ${JSON.stringify(text)}`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

// The kernel escapes space, tab, newline and backslash in paths as \ooo (seq_file's mangle_path).
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
