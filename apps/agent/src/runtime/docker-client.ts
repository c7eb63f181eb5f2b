// The one place the agent makes its Docker Engine API client (dockerode), loaded lean.
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';

const require = createRequire(import.meta.url);

/**
 * Parts of dockerode that a client of a local unix socket never calls, but that dockerode
 * and docker-modem require as they load: docker-modem's SSH transport (`ssh2`, which loads
 * the crypto stack and instantiates a 16 MiB WebAssembly memory) and dockerode's BuildKit
 * session (gRPC and protobuf). Loaded eagerly they are ~14 MiB of an idle agent's RSS.
 * Each is `module.exports = function`, named by [package, file beside the package's main module].
 */
export const DEFERRED_DOCKER_PARTS = [
  ['docker-modem', 'ssh.js'],
  ['dockerode', 'session.js'],
] as const;

let isPrepared = false;

/**
 * A dockerode client for the engine at `socketPath`. Before dockerode first loads, each of
 * {@link DEFERRED_DOCKER_PARTS} is put in require's cache as a stand-in function that loads
 * the real module on its first call and hands the call over, so `ssh://` hosts and BuildKit
 * builds still work; the agent, on a unix socket, never pays for them.
 */
export function createDockerClient(options: Docker.DockerOptions): Docker {
  if (!isPrepared) {
    isPrepared = true;
    for (const [pkg, file] of DEFERRED_DOCKER_PARTS) deferModule(resolvePart(pkg, file));
  }
  const DockerClass: typeof Docker = require('dockerode');
  return new DockerClass(options);
}

/** Where a deferred part is, as dockerode's own requires find it (docker-modem is resolved from dockerode). */
export function resolvePart(pkg: string, file: string): string {
  const dockerode = require.resolve('dockerode');
  const main = pkg === 'dockerode' ? dockerode : createRequire(dockerode).resolve(pkg);
  return join(dirname(main), file);
}

/** Puts a stand-in for the module at `path` in require's cache, unless it has loaded already. */
function deferModule(path: string): void {
  if (require.cache[path] !== undefined) return;
  let real: AnyFunction | undefined;
  const load = (): AnyFunction => {
    if (require.cache[path] === standIn) delete require.cache[path];
    const loaded: unknown = require(path);
    if (!isFunction(loaded)) throw new Error(`${path} does not export a function; Gantry's deferred load of it needs updating`);
    return (real = loaded);
  };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = function deferred(this: unknown, ...args: unknown[]): unknown {
    return (real ?? load()).apply(this, args);
  };
  require.cache[path] = standIn;
}

type AnyFunction = (...args: unknown[]) => unknown;

function isFunction(value: unknown): value is AnyFunction {
  return typeof value === 'function';
}
