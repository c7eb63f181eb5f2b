// How the agent is bundled as it ships: one minified ES module (`dist/gantry-agent.js`, the bin)
// and the chunks it loads on demand (cloud sync, doctor, enroll, the CLI's formatters).
//
// Why a bundle: a gateway pays for every module the daemon loads in resident memory, for its
// source text, its module record and whatever its imports drag in. Tree-shaken and minified,
// with `zod/mini` in place of classic `zod`, the idle daemon holds the code it runs and little
// else (figures in BENCHMARKS.md).
import type { BuildOptions } from 'esbuild';
import { deferredParts } from './deferred-parts.js';

const AGENT = new URL('../', import.meta.url).pathname;

/** esbuild's options for the shipped agent, written to `outdir`. */
export function agentBundleOptions(outdir: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: { 'gantry-agent': `${AGENT}src/cli/main.ts` },
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The libraries' TypeScript sources, so the bundle never depends on their own builds.
    conditions: ['@gantry/source'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // Dependencies are bundled too, without what the agent never or rarely uses (deferred-parts.ts).
    plugins: [deferredParts()],
    // Bundled CommonJS dependencies still call `require` for Node's built-ins.
    banner: {
      js: ["import { createRequire as gantryCreateRequire } from 'node:module';", 'const require = gantryCreateRequire(import.meta.url);'].join(' '),
    },
    logLevel: 'warning',
    metafile: true,
  };
}
