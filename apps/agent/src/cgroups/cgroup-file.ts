import { join } from 'node:path/posix';
import type { CgroupFs } from './fs-port.js';
import { isUnsupported, unsupported, type Unsupported } from './reading.js';

/** A cgroup file's text and path, for parsers that name the file in their errors. */
export interface CgroupFile {
  readonly path: string;
  readonly text: string;
}

/**
 * Reads `dir/name`. A missing file is {@link Unsupported} naming it, with `why` appended
 * when we know which kernel option or boot flag removes it.
 */
export async function readCgroupFile(fs: CgroupFs, dir: string, name: string, why?: string): Promise<CgroupFile | Unsupported> {
  const path = join(dir, name);
  const text = await fs.readFile(path);
  if (text === undefined) return unsupported(why === undefined ? `${path} is missing` : `${path} is missing (${why})`);
  return { path, text };
}

/** Reads the first of several alternative files that exists (e.g. blkio.weight, then blkio.bfq.weight). */
export async function readFirstCgroupFile(
  fs: CgroupFs,
  dir: string,
  names: readonly string[],
  why: string,
): Promise<CgroupFile | Unsupported> {
  for (const name of names) {
    const file = await readCgroupFile(fs, dir, name);
    if (!isUnsupported(file)) return file;
  }
  return unsupported(`none of ${names.join(', ')} exists in ${dir} (${why})`);
}

/** Applies a parser to a file that was read, passing an {@link Unsupported} through unchanged. */
export function parseFile<T>(file: CgroupFile | Unsupported, parse: (file: CgroupFile) => T): T | Unsupported {
  return isUnsupported(file) ? file : parse(file);
}
