/** A block device's number as the kernel writes it in cgroup files (`major:minor`). */
export interface DeviceNumber {
  readonly major: number;
  readonly minor: number;
}

/**
 * The filesystem as the cgroup module sees it. It is a port (STYLE.md §2: cgroupfs is a
 * process boundary) so unit tests run on fixture trees instead of this machine's kernel.
 */
export interface CgroupFs {
  /** The file's text, or `undefined` when it does not exist (a missing cgroup file means "not supported"). */
  readFile(path: string): Promise<string | undefined>;
  /** The device number of a block device node (its `rdev`), or `undefined` when the path does not exist. */
  deviceNumber(path: string): Promise<DeviceNumber | undefined>;
}

/** `major:minor`, the key cgroup files use for a device. */
export function deviceKey(device: DeviceNumber): string {
  return `${device.major}:${device.minor}`;
}
