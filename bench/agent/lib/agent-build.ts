// Two ways to run `gantry-agent`: from TypeScript source through tsx, as the agent's own
// tests do, or as one bundled JavaScript file, close to the compiled `dist/` that ships.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mustRun } from './command.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
const AGENT = join(REPO, 'apps', 'agent');
const BUILD_DIR = join(import.meta.dirname, '..', '.build');

/** How to start `gantry-agent`: `node <nodeArgs> <command…>`. */
export interface AgentBuild {
  /** Short name for tables: `source (tsx)` or `bundled JS`. */
  name: string;
  nodeArgs: readonly string[];
}

/** The agent from source: `node --conditions=@gantry/source --import tsx apps/agent/src/cli/main.ts` (the test harness's way). */
export function sourceBuild(): AgentBuild {
  return { name: 'source (tsx)', nodeArgs: ['--conditions=@gantry/source', '--import', 'tsx', join(AGENT, 'src', 'cli', 'main.ts')] };
}

/**
 * Bundles the agent and the workspace libraries into `bench/agent/.build/cli/main.js` with
 * the esbuild that tsx already brings; npm packages stay external and load from
 * node_modules, as they do for `dist/`. The file lives inside the repository only so Node
 * finds those packages from it. `remove()` deletes it.
 */
export async function bundledBuild(): Promise<AgentBuild & { remove(): Promise<void> }> {
  const externals = new Set<string>();
  for (const dir of [AGENT, ...['agent-core', 'app-spec', 'protocol'].map((lib) => join(REPO, 'libs', lib))]) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies ?? {})) if (!name.startsWith('@gantry/')) externals.add(name);
  }
  const outfile = join(BUILD_DIR, 'cli', 'main.js');
  await mkdir(join(BUILD_DIR, 'cli'), { recursive: true });
  await mustRun(join(REPO, 'node_modules', '.bin', 'esbuild'), [
    join(AGENT, 'src', 'cli', 'main.ts'),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node20',
    '--conditions=@gantry/source',
    '--log-level=warning',
    `--outfile=${outfile}`,
    ...[...externals].map((name) => `--external:${name}`),
  ]);
  // version.ts reads `../package.json` next to the code, as it does in dist/.
  const { version } = JSON.parse(await readFile(join(AGENT, 'package.json'), 'utf8')) as { version: string };
  await writeFile(join(BUILD_DIR, 'package.json'), JSON.stringify({ type: 'module', version }));
  return { name: 'bundled JS', nodeArgs: [outfile], remove: () => rm(BUILD_DIR, { recursive: true, force: true }) };
}
