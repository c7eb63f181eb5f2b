import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupFs, CgroupLayout } from '../cgroups/index.js';
import { NodeCgroupFs, readLayout } from '../cgroups/index.js';
import type { AgentConfig } from '../config/config.js';

/** What the checks look at: the config, and this machine through small ports. */
export interface DoctorContext {
  /** The config, or every default when the file could not be used (see `configError`). */
  config: AgentConfig;
  /** The config file the agent would read. */
  configPath: string;
  /** Why the config file could not be used; null when it could. */
  configError: string | null;
  /** Reads files under /proc and /sys (a fixture tree in tests). */
  fs: CgroupFs;
  /** Where procfs is mounted. */
  procRoot: string;
  /** The names of the directories inside `path`; none when it does not exist. */
  listDirs(path: string): Promise<string[]>;
  /** The cgroup mounts, read once and shared by the cgroup checks. */
  layout(): Promise<CgroupLayout>;
}

/** Options for {@link createDoctorContext}. */
export interface DoctorContextOptions {
  config: AgentConfig;
  configPath: string;
  configError: string | null;
  procRoot?: string;
}

/** The context on this machine's real filesystem. */
export function createDoctorContext(options: DoctorContextOptions): DoctorContext {
  const fs = new NodeCgroupFs();
  const procRoot = options.procRoot ?? '/proc';
  let layout: Promise<CgroupLayout> | undefined;
  return {
    config: options.config,
    configPath: options.configPath,
    configError: options.configError,
    fs,
    procRoot,
    listDirs,
    layout: () => (layout ??= readLayout(fs, procRoot)),
  };
}

async function listDirs(path: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for (const entry of await readdir(path, { withFileTypes: true })) {
      // /sys/block lists disks as symlinks to their device directories.
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(join(path, entry.name))).isDirectory());
      if (isDir) names.push(entry.name);
    }
    return names;
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return [];
    throw error;
  }
}
