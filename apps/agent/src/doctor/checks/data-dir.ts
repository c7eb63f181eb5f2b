import { constants } from 'node:fs';
import { access, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DoctorCheck } from '../runner.js';
import { fail, ok, warn, type CheckFinding } from '../report.js';
import { nearestExisting } from './host-paths.js';

/** The data dir exists, the agent can write to it, and only its owner can enter it. */
export const dataDirCheck: DoctorCheck = {
  name: 'data-dir',
  title: 'data directory',
  async run(ctx) {
    const dir = ctx.config.dataDir;
    const existing = await nearestExisting(dir);
    if (existing !== dir) return missingDir(dir, existing);
    const stats = await stat(dir);
    if (!stats.isDirectory()) return fail(`${dir} is not a directory`, `move it away, or set dataDir in the agent config to a directory`, { path: dir });
    const writeError = await tryWrite(dir);
    if (writeError !== undefined) {
      return fail(`cannot write in ${dir}: ${writeError}`, 'run the agent as root, or make the directory writable (a read-only root filesystem needs dataDir on a writable mount)', {
        path: dir,
        isWritable: false,
      });
    }
    const mode = stats.mode & 0o777;
    const facts = { path: dir, isWritable: true, mode: mode.toString(8).padStart(4, '0') };
    // The agent's state (targets with app environments, often secrets) and the control socket live here.
    if ((mode & 0o077) !== 0) {
      return warn(
        `${dir} is writable, but other users can enter it (mode ${facts.mode}); it holds the agent's state, app environments included, and its control socket`,
        `chmod 700 ${dir}`,
        facts,
      );
    }
    return ok(`${dir} is writable and only its owner can enter it`, facts);
  },
};

async function missingDir(dir: string, existing: string): Promise<CheckFinding> {
  const canCreate = await access(existing, constants.W_OK).then(
    () => true,
    () => false,
  );
  const facts = { path: dir, exists: false };
  if (!canCreate) return fail(`${dir} does not exist, and ${existing} is not writable`, `create it as root: \`install -d -m 700 ${dir}\``, facts);
  return warn(`${dir} does not exist yet`, `create it: \`install -d -m 700 ${dir}\` (the agent keeps its state and control socket there)`, facts);
}

/** Writes and removes a probe file; the reason it failed, or undefined. access(2) misses some read-only mounts. */
async function tryWrite(dir: string): Promise<string | undefined> {
  const probe = join(dir, `.doctor-${process.pid}`);
  try {
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
