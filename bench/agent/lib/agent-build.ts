// Two ways to run `gantry-agent`: from TypeScript source through tsx, as the agent's own
// tests do, or bundled to `dist/` and started through its package bin, as it ships.
import { join } from 'node:path';
import { mustRun } from './command.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
const AGENT = join(REPO, 'apps', 'agent');

/** How to start `gantry-agent`: `<command> <args…> <gantry-agent arguments…>`. */
export interface AgentBuild {
  /** Short name for tables: `source (tsx)` or `compiled dist`. */
  name: string;
  command: string;
  args: readonly string[];
}

/** The agent from source: `node --conditions=@gantry/source --import tsx apps/agent/src/cli/main.ts` (the test harness's way). */
export function sourceBuild(): AgentBuild {
  return {
    name: 'source (tsx)',
    command: process.execPath,
    args: ['--conditions=@gantry/source', '--import', 'tsx', join(AGENT, 'src', 'cli', 'main.ts')],
  };
}

/**
 * The agent as it ships: `nx build` bundles it with the workspace libraries and its npm
 * packages (all but dockerode) into `apps/agent/dist/`, and the bench runs the package's
 * bin, `node_modules/.bin/gantry-agent` (→ `apps/agent/dist/gantry-agent.js`), as an
 * executable, so the Node flags of its `#!` line apply as they do on a gateway.
 * `remove()` leaves the build in place.
 */
export async function distBuild(): Promise<AgentBuild & { remove(): Promise<void> }> {
  // nx.json turns the daemon and the cloud off, so this runs offline as it is.
  await mustRun(join(REPO, 'node_modules', '.bin', 'nx'), ['run', '@gantry/agent:build', '--outputStyle=static'], { cwd: REPO, timeoutMs: 300_000 });
  return { name: 'bundled dist', command: join(REPO, 'node_modules', '.bin', 'gantry-agent'), args: [], remove: async () => undefined };
}
