// `nx build` for the agent: bundles it into dist/ and makes the bin executable.
import { chmod, rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { agentBundleOptions } from './bundle-options.js';

const outdir = new URL('../dist/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
const result = await build(agentBundleOptions(outdir));
// Dynamically imported modules are entry points too; the bin is the one made from the CLI's main.
const bin = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint?.endsWith('src/cli/main.ts') === true);
if (bin === undefined) throw new Error('esbuild wrote no bin');
await chmod(bin[0], 0o755);
