// An esbuild plugin: where a dependency requires, as it loads, what the agent never or rarely
// uses, the bundle gets a stand-in that loads the real thing on first use
// (src/runtime/deferred-module.ts), so an idle gateway does not hold that code in memory.
//
// - dockerode and docker-modem, for a client of a local unix socket: docker-modem's SSH transport
//   (`ssh2`: the crypto stack and a 16 MiB WebAssembly memory), dockerode's BuildKit session and
//   progress decoder (gRPC, protobuf and the .proto files they read from beside themselves),
//   `tar-fs` for build contexts, and the built-ins `https` (with `tls` and crypto) for an engine
//   behind TLS and `zlib` to gzip a context. These load from node_modules when used.
// - mqtt.js, for a gateway on `mqtt://` or `mqtts://`: its WebSocket transport (`ws`, with https
//   and zlib), its TLS transport until the broker URL is `mqtts://`, and its SOCKS proxy support
//   (`socks`, dns, assert) until a proxy is configured. These stay in the bundle, initialised on
//   first use.
// - `debug`, the request tracing of docker-modem and mqtt.js (it loads `tty`), unless `DEBUG` is set.
import type { Plugin } from 'esbuild';

const RUNTIME = new URL('../src/runtime/deferred-module.ts', import.meta.url).pathname;
/** In a stand-in, the bundled path of the module it stands for. */
const REAL = 'REAL_MODULE';
const DEBUG = 'process.env.DEBUG ? require("debug") : () => () => undefined';

interface Deferral {
  /** The requiring file, from its package's folder in node_modules (a trailing `/` takes every file below). */
  importer: string;
  /** What it requires. */
  request: string;
  /** The stand-in's exports, as an expression over the runtime module's functions. */
  standIn: string;
}

export const DEFERRALS: readonly Deferral[] = [
  { importer: 'docker-modem/lib/modem.js', request: './ssh', standIn: "deferredPart('docker-modem', 'ssh.js', null)" },
  { importer: 'dockerode/lib/docker.js', request: './session', standIn: "deferredPart('dockerode', 'session.js', null)" },
  { importer: 'dockerode/lib/docker.js', request: './buildkit', standIn: "deferredPart('dockerode', 'buildkit.js', ['followProgress'])" },
  { importer: 'dockerode/lib/util.js', request: 'tar-fs', standIn: "deferredPart('tar-fs', 'index.js', ['pack', 'extract'])" },
  { importer: 'docker-modem/lib/modem.js', request: 'debug', standIn: DEBUG },
  { importer: 'docker-modem/lib/http.js', request: 'https', standIn: "deferredBuiltin('https')" },
  { importer: 'dockerode/lib/util.js', request: 'zlib', standIn: "deferredBuiltin('zlib')" },
  { importer: 'mqtt/build/lib/connect/index.js', request: './ws', standIn: `deferred(() => require(${REAL}), ['streamBuilder', 'browserStreamBuilder'], 'mqtt.js WebSocket transport')` },
  { importer: 'mqtt/build/lib/connect/index.js', request: './tls', standIn: `deferred(() => require(${REAL}), ['default'], 'mqtt.js TLS transport', true)` },
  { importer: 'mqtt/build/lib/connect/tcp.js', request: './socks', standIn: `deferred(() => require(${REAL}), ['default'], 'mqtt.js SOCKS proxy support', true)` },
  { importer: 'mqtt/build/lib/connect/tls.js', request: './socks', standIn: `deferred(() => require(${REAL}), ['default'], 'mqtt.js SOCKS proxy support', true)` },
  { importer: 'mqtt/build/lib/', request: 'debug', standIn: DEBUG },
  { importer: 'mqtt-packet/', request: 'debug', standIn: DEBUG },
];

const NAMESPACE = 'gantry-deferred';
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const matches = (deferral: Deferral, request: string, importer: string): boolean => {
  if (deferral.request !== request) return false;
  const at = importer.lastIndexOf(`/node_modules/${deferral.importer}`);
  return at !== -1 && (deferral.importer.endsWith('/') || at + `/node_modules/${deferral.importer}`.length === importer.length);
};

export function deferredParts(): Plugin {
  const requests = [...new Set(DEFERRALS.map((d) => d.request))];
  return {
    name: 'gantry-deferred-parts',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${requests.map(escape).join('|')})$`) }, async (args) => {
        const index = DEFERRALS.findIndex((d) => matches(d, args.path, args.importer));
        const deferral = DEFERRALS[index];
        if (deferral === undefined) return undefined;
        let real: string | undefined;
        if (deferral.standIn.includes(REAL)) {
          // Resolved without an importer, so this plugin passes it by: the real module, bundled.
          const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind });
          if (resolved.errors.length > 0) return { errors: resolved.errors };
          real = resolved.path;
        }
        return { path: `${index}`, namespace: NAMESPACE, pluginData: real };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const deferral = DEFERRALS[Number(args.path)];
        if (deferral === undefined) throw new Error(`no deferral ${args.path}`);
        const real = typeof args.pluginData === 'string' ? JSON.stringify(args.pluginData) : 'undefined';
        return {
          contents: `const { deferred, deferredPart, deferredBuiltin } = require(${JSON.stringify(RUNTIME)});\nmodule.exports = ${deferral.standIn.replace(REAL, real)};\n`,
          loader: 'js',
          resolveDir: new URL('.', import.meta.url).pathname,
        };
      });
    },
  };
}
