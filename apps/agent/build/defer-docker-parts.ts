// An esbuild plugin: where dockerode and docker-modem require, as they load, what a client of a
// local unix socket never calls, the bundle gets a stand-in that loads the real thing on first
// use (src/runtime/deferred-module.ts). Loaded eagerly these are ~15 MiB of an idle agent's RSS:
// docker-modem's SSH transport (`ssh2`: the crypto stack and a 16 MiB WebAssembly memory),
// dockerode's BuildKit session and progress decoder (gRPC, protobuf and the .proto files it reads
// from beside itself), `tar-fs` for build contexts, and the
// built-ins `https` (with `tls` and crypto) for an engine behind TLS and `zlib` to gzip a context.
import type { Plugin } from 'esbuild';

const RUNTIME = new URL('../src/runtime/deferred-module.ts', import.meta.url).pathname;

interface Deferral {
  /** The requiring file, from its package's folder in node_modules. */
  importer: string;
  /** What it requires. */
  request: string;
  /** The stand-in's exports, as a call into the runtime module. */
  standIn: string;
}

export const DOCKER_DEFERRALS: readonly Deferral[] = [
  { importer: 'docker-modem/lib/modem.js', request: './ssh', standIn: "deferredPart('docker-modem', 'ssh.js', null)" },
  { importer: 'dockerode/lib/docker.js', request: './session', standIn: "deferredPart('dockerode', 'session.js', null)" },
  { importer: 'dockerode/lib/docker.js', request: './buildkit', standIn: "deferredPart('dockerode', 'buildkit.js', ['followProgress'])" },
  { importer: 'dockerode/lib/util.js', request: 'tar-fs', standIn: "deferredPart('tar-fs', 'index.js', ['pack', 'extract'])" },
  { importer: 'docker-modem/lib/modem.js', request: 'debug', standIn: 'process.env.DEBUG ? require("debug") : () => () => undefined' },
  { importer: 'docker-modem/lib/http.js', request: 'https', standIn: "deferredBuiltin('https')" },
  { importer: 'dockerode/lib/util.js', request: 'zlib', standIn: "deferredBuiltin('zlib')" },
];

const NAMESPACE = 'gantry-deferred';
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function deferDockerParts(): Plugin {
  const requests = [...new Set(DOCKER_DEFERRALS.map((d) => d.request))];
  return {
    name: 'gantry-defer-docker-parts',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${requests.map(escape).join('|')})$`) }, (args) => {
        const index = DOCKER_DEFERRALS.findIndex((d) => d.request === args.path && args.importer.endsWith(`/node_modules/${d.importer}`));
        return index === -1 ? undefined : { path: String(index), namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const deferral = DOCKER_DEFERRALS[Number(args.path)];
        if (deferral === undefined) throw new Error(`no deferral ${args.path}`);
        return {
          contents: `const { deferredPart, deferredBuiltin } = require(${JSON.stringify(RUNTIME)});\nmodule.exports = ${deferral.standIn};\n`,
          loader: 'js',
          resolveDir: new URL('.', import.meta.url).pathname,
        };
      });
    },
  };
}
