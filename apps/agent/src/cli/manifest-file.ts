// Reading `apply -f <file>` and deciding what kind of manifest it is.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CliError, ExitCode } from './exit-codes.js';

/** The formats `POST /v1/apply` takes. */
export type ManifestFormatChoice = 'yaml' | 'json' | 'compose';

/** The largest manifest the agent accepts (contract.ts: ApplyRequestSchema). */
export const MAX_MANIFEST_BYTES = 1_048_576;

/** Service keys that compose has and Gantry's manifest (whose keys are camelCase) does not. */
const COMPOSE_ONLY_KEYS: ReadonlySet<string> = new Set([
  'environment', 'deploy', 'build', 'expose', 'links', 'cpus', 'networks', 'secrets', 'configs',
  'profiles', 'platform', 'scale', 'extends', 'tmpfs', 'dns', 'pid', 'ipc',
]);

/** How `apply` picks a format when `--format` is not given; shown in `apply --help`. */
export const FORMAT_RULE_HELP = `How the format is chosen when --format is not given:
  1. compose, when the file is named *compose*.yml or *compose*.yaml (docker-compose.yml, compose.prod.yaml);
  2. compose, when a service under the top-level services: uses a key only compose has: a snake_case key
     (mem_limit, depends_on, ...) or one of
     ${[...COMPOSE_ONLY_KEYS].slice(0, 9).join(', ')},
     ${[...COMPOSE_ONLY_KEYS].slice(9).join(', ')};
  3. json, when the file name ends in .json or the text starts with {;
  4. otherwise yaml (Gantry's own manifest).`;

const COMPOSE_NAME = /compose[^/]*\.ya?ml$/i;

/** A manifest read for `apply`. */
export interface ManifestFile {
  /** The name to show in messages: the path, or `stdin`. */
  label: string;
  text: string;
}

/** Reads the manifest from `path`, or from `stdin` when `path` is `-`. */
export async function readManifest(path: string, stdin: NodeJS.ReadableStream): Promise<ManifestFile> {
  let text: string;
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(`cannot read the manifest ${path}: ${reason}`, ExitCode.noInput);
    }
  }
  const label = path === '-' ? 'stdin' : path;
  const bytes = Buffer.byteLength(text);
  if (text.trim() === '') throw new CliError(`the manifest ${label} is empty`, ExitCode.dataError);
  if (bytes > MAX_MANIFEST_BYTES) {
    throw new CliError(`the manifest ${label} is ${bytes} bytes; the agent accepts at most ${MAX_MANIFEST_BYTES} (1 MiB)`, ExitCode.dataError);
  }
  return { label, text };
}

/** Picks the format by {@link FORMAT_RULE_HELP}; `fileName` is undefined for stdin. */
export function guessFormat(fileName: string | undefined, text: string): ManifestFormatChoice {
  if (fileName !== undefined && COMPOSE_NAME.test(basename(fileName))) return 'compose';
  if (hasComposeOnlyServiceKeys(text)) return 'compose';
  if (fileName?.toLowerCase().endsWith('.json') === true || text.trimStart().startsWith('{')) return 'json';
  return 'yaml';
}

function hasComposeOnlyServiceKeys(text: string): boolean {
  let root: unknown;
  try {
    root = parseYaml(text);
  } catch {
    // Unreadable as YAML: the agent reports the syntax error with its line.
    return false;
  }
  if (!isRecord(root) || !isRecord(root['services'])) return false;
  return Object.values(root['services']).some(
    (service) => isRecord(service) && Object.keys(service).some((key) => key.includes('_') || COMPOSE_ONLY_KEYS.has(key)),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
