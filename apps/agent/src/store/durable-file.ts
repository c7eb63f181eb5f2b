// Writing a whole file so that a crash or a power cut leaves the old content or the new one,
// never a mix: the body is written and flushed under a temporary name in the same folder, then
// moved into place, and the folder is flushed so the move itself survives.
//
// Not write-file-atomic or atomically, the usual packages for this: the first loads Node's
// crypto stack and worker_threads to name its temporary files (about 1 MiB of an idle daemon's
// resident memory, for a name), and the second hooks SIGINT and SIGTERM as it loads and raises
// them again, which would cut the daemon's own orderly stop short.
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface DurableWriteOptions {
  /** The file's permission bits, e.g. 0o600 for anything holding a secret or the agent's state. */
  mode: number;
  /** Never replace an existing file: fail with `EEXIST` instead (a hard link publishes it). */
  exclusive?: boolean;
}

let writes = 0;

/** Replaces (or, `exclusive`, creates) `path` with `body`; see the module's comment for the guarantee. */
export async function writeFileDurably(path: string, body: string, options: DurableWriteOptions): Promise<void> {
  // Unique within this process; only a crashed process with the same pid can have left one behind,
  // and that one is safe to overwrite.
  writes += 1;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${writes}.tmp`);
  let published = false;
  try {
    const handle = await open(temporary, 'w', options.mode);
    try {
      await handle.chmod(options.mode);
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive === true) await link(temporary, path);
    else await rename(temporary, path);
    published = true;
  } finally {
    if (!published || options.exclusive === true) await rm(temporary, { force: true });
  }
  await fsyncDir(dirname(path));
}

/** Flushes a folder's entries, so a rename or link in it survives a power cut (POSIX needs this). */
async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
