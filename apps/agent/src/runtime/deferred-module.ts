// Stand-ins for modules that load on first use. The agent's bundle puts them where dockerode and
// docker-modem require what a client of a local unix socket never calls (build/defer-docker-parts.ts),
// so an idle gateway does not hold that code in memory, while `ssh://` hosts, TLS engines and
// image builds still work: the real module loads on the first call and takes it over.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** What a module exports: `null` for `module.exports = function`, else the names of the functions on its exports object. */
export type Exported = null | readonly string[];

/**
 * Exports that stand for `file` beside the main module of the installed package `pkg` (found
 * the way dockerode's own requires find it): a function, or an object of the functions named in
 * `exported`, each of which loads the real module on its first call and hands the call over.
 */
export function deferredPart(pkg: string, file: string, exported: Exported): unknown {
  let real: unknown;
  const path = resolvePart(pkg, file);
  const load = (): unknown => (real ??= require(path));
  const deferred = (name: string | null): AnyFunction =>
    function deferred(this: unknown, ...args: unknown[]): unknown {
      const loaded = load();
      const target: unknown = name === null ? loaded : isObject(loaded) ? Reflect.get(loaded, name) : undefined;
      if (!isFunction(target)) throw new Error(`${path} does not export ${name ?? 'a function'}; Gantry's deferred load of it needs updating`);
      return target.apply(this, args);
    };
  return exported === null ? deferred(null) : Object.fromEntries(exported.map((name) => [name, deferred(name)]));
}

/** Where `file` of package `pkg` is, as dockerode's own requires find it (other packages are resolved from dockerode). */
export function resolvePart(pkg: string, file: string): string {
  const dockerode = require.resolve('dockerode');
  const main = pkg === 'dockerode' ? dockerode : createRequire(dockerode).resolve(pkg);
  return join(dirname(main), file);
}

/**
 * Exports that stand for Node's built-in `name`: the built-in loads on the first use of any of
 * its properties, and every property read is then the built-in's own.
 */
export function deferredBuiltin(name: string): object {
  let real: object | undefined;
  const load = (): object => (real ??= require(`node:${name}`) as object);
  return new Proxy(
    {},
    {
      get: (_, key) => Reflect.get(load(), key),
      has: (_, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
      },
    },
  );
}

type AnyFunction = (...args: unknown[]) => unknown;

function isFunction(value: unknown): value is AnyFunction {
  return typeof value === 'function';
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
