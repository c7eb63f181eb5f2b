// Stand-ins for modules that load on first use. The agent's bundle puts them where its
// dependencies require what the agent never or rarely uses (build/deferred-parts.ts): dockerode's
// SSH, BuildKit and build-context parts, mqtt.js's WebSocket, TLS and SOCKS transports. An idle
// gateway does not hold that code in memory, and each still works: the real module loads on the
// first call and takes it over.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** What a module exports: `null` for `module.exports = function`, else the names of the functions on its exports object. */
export type Exported = null | readonly string[];

/**
 * Exports that stand for `file` beside the main module of the installed package `pkg` (found
 * the way dockerode's own requires find it); see {@link deferred}.
 */
export function deferredPart(pkg: string, file: string, exported: Exported): unknown {
  // Resolved on first use too: a stand-in costs the daemon's start nothing, not even a lookup.
  return deferred(() => require(resolvePart(pkg, file)), exported, `${pkg}/${file}`);
}

/**
 * Exports that stand for the module `load` returns: a function, or an object of the functions
 * named in `exported`, each of which loads the real module on its first call and hands the call
 * over. `esModule` marks the object as compiled from an ES module, as TypeScript's CommonJS
 * output does (its `__importDefault` then takes `default` from it rather than wrapping it).
 */
export function deferred(load: () => unknown, exported: Exported, name: string, esModule = false): unknown {
  let real: unknown;
  const deferredCall = (key: string | null): AnyFunction =>
    function deferred(this: unknown, ...args: unknown[]): unknown {
      const loaded = (real ??= load());
      const target: unknown = key === null ? loaded : isObject(loaded) ? Reflect.get(loaded, key) : undefined;
      if (!isFunction(target)) throw new Error(`${name} does not export ${key ?? 'a function'}; Gantry's deferred load of it needs updating`);
      return target.apply(this, args);
    };
  if (exported === null) return deferredCall(null);
  const standIn: Record<string, unknown> = Object.fromEntries(exported.map((key) => [key, deferredCall(key)]));
  if (esModule) Object.defineProperty(standIn, '__esModule', { value: true });
  return standIn;
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
