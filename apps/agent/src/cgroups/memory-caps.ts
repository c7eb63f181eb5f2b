import type { CgroupFs } from './fs-port.js';
import { parseFile, readCgroupFile } from './cgroup-file.js';
import { parseMaxOrInteger, parseV1Limit } from './file-formats.js';
import { controllerDir, type CgroupDirs } from './proc-cgroup.js';
import { isUnsupported, type Reading } from './reading.js';

/** The memory caps the kernel enforces, in bytes; `null` is no limit. */
export interface MemoryCaps {
  /** v1 memory.limit_in_bytes; v2 memory.max. */
  readonly memoryBytes: Reading<number>;
  /** v1 memory.soft_limit_in_bytes; v2 memory.low. */
  readonly memoryReservationBytes: Reading<number>;
  /** Memory plus swap: v1 memory.memsw.limit_in_bytes; v2 memory.max + memory.swap.max. */
  readonly memorySwapBytes: Reading<number>;
}

/** The memory cap the kernel enforces in bytes (v1 memory.limit_in_bytes; v2 memory.max); `null` is no limit. */
export async function readMemoryLimitBytes(fs: CgroupFs, dirs: CgroupDirs): Promise<Reading<number>> {
  const memory = controllerDir(dirs, 'memory');
  if (isUnsupported(memory)) return memory;
  return memory.version === 1
    ? parseFile(await readCgroupFile(fs, memory.dir, 'memory.limit_in_bytes'), (file) => parseV1Limit(file.text, file.path))
    : parseFile(await readCgroupFile(fs, memory.dir, 'memory.max'), (file) => parseMaxOrInteger(file.text, file.path));
}

const NO_SWAP_ACCOUNTING = 'no swap accounting: the kernel lacks CONFIG_MEMCG_SWAP or was booted without swapaccount=1';

/** Reads the memory controller's limits of one cgroup. */
export async function readMemoryCaps(fs: CgroupFs, dirs: CgroupDirs): Promise<MemoryCaps> {
  const memory = controllerDir(dirs, 'memory');
  if (isUnsupported(memory)) return { memoryBytes: memory, memoryReservationBytes: memory, memorySwapBytes: memory };
  const { dir } = memory;

  if (memory.version === 1) {
    const v1Limit = async (name: string, why?: string) =>
      parseFile(await readCgroupFile(fs, dir, name, why), (file) => parseV1Limit(file.text, file.path));
    return {
      memoryBytes: await readMemoryLimitBytes(fs, dirs),
      memoryReservationBytes: await v1Limit('memory.soft_limit_in_bytes'),
      memorySwapBytes: await v1Limit('memory.memsw.limit_in_bytes', NO_SWAP_ACCOUNTING),
    };
  }

  const v2Max = async (name: string, why?: string) =>
    parseFile(await readCgroupFile(fs, dir, name, why), (file) => parseMaxOrInteger(file.text, file.path));
  const memoryBytes = await readMemoryLimitBytes(fs, dirs);
  const swapBytes = await v2Max('memory.swap.max', NO_SWAP_ACCOUNTING);
  return {
    memoryBytes,
    memoryReservationBytes: await v2Max('memory.low'),
    memorySwapBytes: memoryPlusSwap(memoryBytes, swapBytes),
  };
}

// v2 caps swap on its own (memory.swap.max) where Docker's MemorySwap counts memory and swap
// together; runc writes swap.max = MemorySwap - Memory, so the sum is what Docker was asked.
function memoryPlusSwap(memoryBytes: Reading<number>, swapBytes: Reading<number>): Reading<number> {
  if (isUnsupported(swapBytes)) return swapBytes;
  if (isUnsupported(memoryBytes)) return memoryBytes;
  if (memoryBytes === null || swapBytes === null) return null;
  return memoryBytes + swapBytes;
}
