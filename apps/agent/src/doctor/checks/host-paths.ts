import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** `path` itself when it exists, else its closest existing ancestor (the filesystem it will be created on). */
export async function nearestExisting(path: string): Promise<string> {
  let current = path;
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch (error) {
      const isMissing = error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
      const parent = dirname(current);
      if (!isMissing || parent === current) throw error;
      current = parent;
    }
  }
}
