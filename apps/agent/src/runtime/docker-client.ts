// The one place the agent makes its Docker Engine API client (dockerode), loaded lean.
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';

const require = createRequire(import.meta.url);

/**
 * Parts of dockerode that a client of a local unix socket never calls, but that dockerode
 * and docker-modem require as they load: docker-modem's SSH transport (`ssh2`, which loads
 * the crypto stack and instantiates a 16 MiB WebAssembly memory), dockerode's BuildKit
 * session (gRPC and protobuf), and `tar-fs`, which packs build contexts (with `tar-stream`
 * and its streams). Loaded eagerly they are ~15 MiB of an idle agent's RSS. Each is named by
 * [package, file beside the package's main module, what it exports]: `null` for
 * `module.exports = function`, else the names of the functions on its exports object.
 */
export const DEFERRED_DOCKER_PARTS = [
  ['docker-modem', 'ssh.js', null],
  ['dockerode', 'session.js', null],
  ['tar-fs', 'index.js', ['pack', 'extract']],
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
    for (const [pkg, file, exported] of DEFERRED_DOCKER_PARTS) deferModule(resolvePart(pkg, file), exported);
  }
  const DockerClass: typeof Docker = require('dockerode');
  return new DockerClass(options);
}

/** Where a deferred part is, as dockerode's own requires find it (other packages are resolved from dockerode). */
export function resolvePart(pkg: string, file: string): string {
  const dockerode = require.resolve('dockerode');
  const main = pkg === 'dockerode' ? dockerode : createRequire(dockerode).resolve(pkg);
  return join(dirname(main), file);
}

/**
 * Puts a stand-in for the module at `path` in require's cache, unless it has loaded already:
 * a function, or an object of the functions named in `exported`, each of which loads the
 * real module on its first call and hands the call over.
 */
function deferModule(path: string, exported: readonly string[] | null): void {
  if (require.cache[path] !== undefined) return;
  let real: unknown;
  const load = (): unknown => {
    if (require.cache[path] === standIn) delete require.cache[path];
    return (real ??= require(path));
  };
  const deferred = (name: string | null): AnyFunction =>
    function deferred(this: unknown, ...args: unknown[]): unknown {
      const loaded = load();
      const target: unknown = name === null ? loaded : isObject(loaded) ? Reflect.get(loaded, name) : undefined;
      if (!isFunction(target)) throw new Error(`${path} does not export ${name ?? 'a function'}; Gantry's deferred load of it needs updating`);
      return target.apply(this, args);
    };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = exported === null ? deferred(null) : Object.fromEntries(exported.map((name) => [name, deferred(name)]));
  require.cache[path] = standIn;
}

type AnyFunction = (...args: unknown[]) => unknown;

function isFunction(value: unknown): value is AnyFunction {
  return typeof value === 'function';
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
