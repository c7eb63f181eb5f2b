// The shipped bundle keeps what an idle gateway holds in memory small: these are the properties
// the idle-RSS figures in BENCHMARKS.md depend on, checked on every build's inputs.
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentBundleOptions } from '../build/bundle-options.js';

type Outputs = Metafile['outputs'];

/** Outputs a process loads before any dynamic import runs: the entry and its static imports. */
function staticClosure(outputs: Outputs, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  return seen;
}

const inputsOf = (outputs: Outputs, files: Iterable<string>): string[] => [...files].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {}));

describe('the agent bundle', () => {
  let outputs: Outputs;
  let texts: Map<string, string>;
  let entry: string;

  beforeAll(async () => {
    const result = await build({ ...agentBundleOptions('/gantry-bundle-check'), write: false, sourcemap: false, legalComments: 'none' });
    outputs = result.metafile.outputs;
    texts = new Map(result.outputFiles.map((file) => [file.path.slice(1), file.text]));
    const found = Object.entries(outputs).find(([, output]) => output.entryPoint?.endsWith('src/cli/main.ts') === true);
    if (found === undefined) throw new Error('no entry point in the bundle');
    entry = found[0];
  }, 60_000);

  it('holds no classic zod: the contract libraries and the agent validate with zod/mini', () => {
    const inputs = inputsOf(outputs, Object.keys(outputs));
    expect(inputs.filter((input) => input.includes('/zod/'))).not.toHaveLength(0);
    expect(inputs.filter((input) => input.includes('/zod/v4/classic/'))).toEqual([]);
  });

  it('loads the MQTT client only in cloud mode, from a chunk the daemon imports on enrollment', () => {
    const daemon = Object.keys(outputs).find((file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => input.endsWith('src/daemon/daemon.ts')));
    if (daemon === undefined) throw new Error('no chunk holds the daemon');
    const local = inputsOf(outputs, new Set([...staticClosure(outputs, entry), ...staticClosure(outputs, daemon)]));
    expect(local.some((input) => input.endsWith('src/runtime/docker-runtime.ts'))).toBe(true);
    expect(local.filter((input) => input.includes('/node_modules/mqtt') || input.includes('/src/cloud/cloud-sync'))).toEqual([]);
    const all = inputsOf(outputs, Object.keys(outputs));
    expect(all.some((input) => input.includes('/node_modules/mqtt/'))).toBe(true);
  });

  it('keeps the cloud sync and the protocol codec out of a gateway in local mode', () => {
    const daemon = Object.keys(outputs).find((file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => input.endsWith('src/daemon/daemon.ts')));
    if (daemon === undefined) throw new Error('no chunk holds the daemon');
    const local = inputsOf(outputs, new Set([...staticClosure(outputs, entry), ...staticClosure(outputs, daemon)]));
    // What local mode does use of the contract: the event and state schemas its store keeps.
    expect(local.some((input) => input.endsWith('libs/protocol/src/messages/events.ts'))).toBe(true);
    const cloudOnly = /libs\/protocol\/src\/(codec|envelope|topics|messages\/desired|messages\/telemetry|messages\/commands)\.ts$|libs\/agent-core\/src\/sync\/sync-session\.ts$/;
    expect(local.filter((input) => cloudOnly.test(input))).toEqual([]);
    expect(inputsOf(outputs, Object.keys(outputs)).filter((input) => cloudOnly.test(input))).toHaveLength(7);
  });

  it('is ASCII throughout, so V8 keeps each source at one byte a character', () => {
    expect(texts.size).toBeGreaterThan(1);
    const wide = [...texts].filter(([, text]) => [...text].some((char) => char.charCodeAt(0) > 0x7f)).map(([path]) => path);
    expect(wide).toEqual([]);
  });

  it('holds dockerode without the parts it defers (build/deferred-parts.ts)', () => {
    const inputs = inputsOf(outputs, Object.keys(outputs));
    expect(inputs.some((input) => input.endsWith('/node_modules/dockerode/lib/docker.js'))).toBe(true);
    const deferred = /\/node_modules\/(ssh2|tar-fs|tar-stream|@grpc|protobufjs)\/|\/docker-modem\/lib\/ssh\.js|\/dockerode\/lib\/(session|buildkit)\.js/;
    expect(inputs.filter((input) => deferred.test(input))).toEqual([]);
  });
});
