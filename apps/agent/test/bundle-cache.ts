// The shipped bundle (build/bundle-options.ts), built for a test into a temporary directory.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { agentBundleOptions } from '../build/bundle-options.js';

/** Where a built bundle is, and how to remove it. */
export interface CachedBundle {
  outdir: string;
  remove(): Promise<void>;
}

/**
 * Builds the agent bundle (or other entry points with its options) under node_modules/.cache,
 * where linters do not look and the bundle still finds the installed packages.
 */
export async function buildBundleInCache(entryPoints?: BuildOptions['entryPoints']): Promise<CachedBundle> {
  const cache = join(import.meta.dirname, '..', 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const outdir = await mkdtemp(join(cache, 'gantry-bundle-test-'));
  await build({ ...agentBundleOptions(outdir), ...(entryPoints === undefined ? {} : { entryPoints }), sourcemap: false, legalComments: 'none' });
  return { outdir, remove: () => rm(outdir, { recursive: true, force: true }) };
}
