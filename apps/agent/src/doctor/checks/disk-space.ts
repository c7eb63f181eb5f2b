import { statfs } from 'node:fs/promises';
import { humanBytes } from '@gantry/app-spec';
import type { DoctorCheck } from '../runner.js';
import { ok, warn } from '../report.js';
import { nearestExisting } from './host-paths.js';

/** Below this, pulls of new releases start failing halfway. */
export const LOW_DISK_BYTES = 1024 ** 3;

/** Free space on the filesystem of the data dir. */
export const diskSpaceCheck: DoctorCheck = {
  name: 'disk-space',
  title: 'free disk space',
  async run(ctx) {
    const path = await nearestExisting(ctx.config.dataDir);
    const stats = await statfs(path);
    // bavail, not bfree: blocks reserved for root are not there for the agent's files either.
    const freeBytes = stats.bavail * stats.bsize;
    const totalBytes = stats.blocks * stats.bsize;
    const facts = { path, freeBytes, totalBytes };
    const found = `${humanBytes(freeBytes)} free of ${humanBytes(totalBytes)} on the filesystem of ${path}`;
    if (freeBytes < LOW_DISK_BYTES) {
      return warn(
        `${found}: under ${humanBytes(LOW_DISK_BYTES)}`,
        'free some space (`docker image prune` removes images no container uses), or set updateStrategy: kill-then-download in the agent config',
        facts,
      );
    }
    return ok(found, facts);
  },
};
