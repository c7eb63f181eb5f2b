import { open } from 'node:fs/promises';

/** Flushes a folder's entries, so a rename in it survives a power cut (POSIX needs this). */
export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
