import type { PathSegment } from '../issues.js';
import { showValue } from '../issues.js';
import { isAbsolute, joinPosixPath, normalizePosixPath } from '../paths.js';
import { parseSize } from '../quantity.js';
import { entriesOf, isRecord } from '../records.js';
import type { VolumeMount, VolumeSpec } from '../schema.js';
import type { ImportContext } from './context.js';

/** A mount read from compose, with the compose path it came from. */
export interface ImportedMount {
  mount: VolumeMount;
  at: PathSegment[];
}

/** Where relative host paths of a compose file land on the gateway. */
export interface BindContext {
  /** Absolute directory that `./x` resolves against. */
  projectDir: string;
}

// compose-go's rule: a source starting with '.', '/' or '~' is a path, anything else a volume name.
function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

function hostPath(source: string, at: PathSegment[], ctx: ImportContext, binds: BindContext): string | undefined {
  if (source.startsWith('~')) {
    ctx.error(at, `${showValue(source)}: a gateway has no home directory to expand ~ in; use an absolute path`);
    return undefined;
  }
  if (isAbsolute(source)) return normalizePosixPath(source);
  const resolved = joinPosixPath(binds.projectDir, source);
  ctx.warn(at, `relative host path ${showValue(source)} is mounted from ${resolved} on the gateway`);
  return resolved;
}

function shortSyntax(text: string, at: PathSegment[], ctx: ImportContext, binds: BindContext): VolumeMount | undefined {
  const parts = text.split(':');
  if (parts.length === 1) {
    const target = parts[0] ?? '';
    if (!isAbsolute(target)) {
      ctx.error(at, `${showValue(text)} is not a mount (use name:/path, ./dir:/path or /path)`);
      return undefined;
    }
    return { type: 'volume', source: null, target, readOnly: false, noCopy: false };
  }
  if (parts.length > 3) {
    ctx.error(at, `${showValue(text)} is not a mount (use source:target[:ro])`);
    return undefined;
  }
  const [source = '', target = '', options = ''] = parts;
  let readOnly = false;
  let noCopy = false;
  for (const option of options === '' ? [] : options.split(',')) {
    if (option === 'ro') readOnly = true;
    else if (option === 'rw') readOnly = false;
    else if (option === 'nocopy') noCopy = true;
    else if (['z', 'Z', 'cached', 'delegated', 'consistent', 'rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'].includes(option)) {
      ctx.warn(at, `mount option ${showValue(option)} is not supported by Gantry; ignored`);
    } else {
      ctx.error(at, `${showValue(option)} is not a mount option (use ro or rw)`);
      return undefined;
    }
  }
  if (isHostPath(source)) {
    const path = hostPath(source, at, ctx, binds);
    return path === undefined ? undefined : { type: 'bind', source: path, target, readOnly };
  }
  return { type: 'volume', source, target, readOnly, noCopy };
}

const longKeys = new Set(['type', 'source', 'target', 'read_only', 'volume', 'bind', 'tmpfs', 'consistency']);

function longSyntax(map: Record<string, unknown>, at: PathSegment[], ctx: ImportContext, binds: BindContext): VolumeMount | undefined {
  ctx.checkKeys(map, at, longKeys, { consistency: 'only matters on Docker Desktop; ignored' });
  const type = map.type ?? 'volume';
  const target = ctx.text(map.target, [...at, 'target'], 'the path in the container');
  const readOnly = map.read_only === undefined ? false : ctx.bool(map.read_only, [...at, 'read_only']);
  if (target === undefined || readOnly === undefined) return undefined;
  const source = map.source === undefined || map.source === null ? undefined : ctx.text(map.source, [...at, 'source']);
  switch (type) {
    case 'volume': {
      const options = isRecord(map.volume) ? map.volume : {};
      ctx.checkKeys(options, [...at, 'volume'], new Set(['nocopy']));
      const noCopy = options.nocopy === undefined ? false : ctx.bool(options.nocopy, [...at, 'volume', 'nocopy']);
      return { type: 'volume', source: source ?? null, target, readOnly, noCopy: noCopy ?? false };
    }
    case 'bind': {
      if (source === undefined) {
        ctx.error([...at, 'source'], 'a bind mount needs a source path on the gateway');
        return undefined;
      }
      if (isRecord(map.bind)) {
        ctx.checkKeys(map.bind, [...at, 'bind'], new Set(), {
          create_host_path: 'Gantry always creates a missing host path; ignored',
        });
      }
      const path = hostPath(source, [...at, 'source'], ctx, binds);
      return path === undefined ? undefined : { type: 'bind', source: path, target, readOnly };
    }
    case 'tmpfs': {
      const options = isRecord(map.tmpfs) ? map.tmpfs : {};
      ctx.checkKeys(options, [...at, 'tmpfs'], new Set(['size', 'mode']));
      return tmpfs(target, options.size, options.mode, [...at, 'tmpfs'], ctx);
    }
    default:
      ctx.error([...at, 'type'], `${showValue(type)} is not a mount type Gantry supports (volume, bind or tmpfs)`);
      return undefined;
  }
}

function tmpfs(target: string, size: unknown, mode: unknown, at: PathSegment[], ctx: ImportContext): VolumeMount | undefined {
  let sizeBytes: number | null = null;
  if (size !== undefined) {
    const read = parseSize(size, { notation: 'docker' });
    if (!read.ok) {
      ctx.error([...at, 'size'], read.message);
      return undefined;
    }
    sizeBytes = read.value === 0 ? null : read.value;
  }
  let modeBits: number | null = null;
  if (mode !== undefined) {
    // Written as text, a mode is octal ("1777"); YAML numbers are taken as they parse (0o1777).
    const value = typeof mode === 'string' && /^[0-7]{1,4}$/.test(mode) ? parseInt(mode, 8) : mode;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0o7777) {
      ctx.error([...at, 'mode'], `${showValue(mode)} is not a file mode (use "1777")`);
      return undefined;
    }
    modeBits = value;
  }
  return { type: 'tmpfs', target, sizeBytes, mode: modeBits };
}

/** Reads a service's `volumes:` in short (`data:/x:ro`, `./dir:/x`) and long syntax. */
export function importMounts(value: unknown, at: PathSegment[], ctx: ImportContext, binds: BindContext): ImportedMount[] {
  const items = ctx.list(value, at);
  if (!items) return [];
  const out: ImportedMount[] = [];
  items.forEach((item: unknown, index) => {
    const where = [...at, index];
    let mount: VolumeMount | undefined;
    if (typeof item === 'string') mount = shortSyntax(item, where, ctx, binds);
    else if (isRecord(item)) mount = longSyntax(item, where, ctx, binds);
    else ctx.error(where, `expected a mount such as "data:/var/lib/x" or a map with type and target, got ${showValue(item)}`);
    if (mount) out.push({ mount, at: where });
  });
  return out;
}

/** Reads a service's `tmpfs:` (`/run` or `/run:size=64m,mode=1777`, one or a list). */
export function importTmpfs(value: unknown, at: PathSegment[], ctx: ImportContext): ImportedMount[] {
  const items = ctx.strings(value, at) ?? [];
  const out: ImportedMount[] = [];
  items.forEach((item, index) => {
    const where = typeof value === 'string' ? at : [...at, index];
    const [target = '', options = ''] = item.split(/:(.*)/s);
    let size: string | undefined;
    let mode: string | undefined;
    for (const option of options === '' ? [] : options.split(',')) {
      const [key, val] = option.split('=');
      if (key === 'size') size = val;
      else if (key === 'mode') mode = val;
      else ctx.warn(where, `tmpfs option ${showValue(option)} is not supported by Gantry; ignored`);
    }
    if (!isAbsolute(target)) {
      ctx.error(where, `${showValue(target)} is not an absolute path in the container`);
      return;
    }
    const mount = tmpfs(target, size, mode, where, ctx);
    if (mount) out.push({ mount, at: where });
  });
  return out;
}

const volumeKeys = new Set(['driver', 'driver_opts', 'labels', 'external', 'name']);

/** Reads the top-level `volumes:` map into named volume specs. */
export function importVolumes(value: unknown, ctx: ImportContext): Record<string, VolumeSpec> {
  const out: Record<string, VolumeSpec> = {};
  if (value === undefined || value === null) return out;
  const map = ctx.map(value, ['volumes']);
  if (!map) return out;
  for (const [name, raw] of entriesOf(map)) {
    const at = ['volumes', name];
    ctx.trace(at, at);
    const spec: VolumeSpec = { driver: 'local', driverOpts: {}, labels: {} };
    out[name] = spec;
    if (raw === null || raw === undefined) continue;
    const options = ctx.map(raw, at);
    if (!options) continue;
    ctx.checkKeys(options, at, volumeKeys);
    if (options.external !== undefined && options.external !== false) {
      ctx.warn([...at, 'external'], 'Gantry creates every volume it mounts; an external volume is created if it is missing');
    }
    if (options.name !== undefined) {
      ctx.warn([...at, 'name'], 'custom volume names are not supported; Gantry names volumes after the app');
    }
    if (options.driver !== undefined) spec.driver = ctx.text(options.driver, [...at, 'driver']) ?? 'local';
    spec.driverOpts = stringMap(options.driver_opts, [...at, 'driver_opts'], ctx);
    spec.labels = stringMap(options.labels, [...at, 'labels'], ctx);
  }
  return out;
}

/** Reads a map whose values are text (numbers and booleans written as their text). */
export function stringMap(value: unknown, at: PathSegment[], ctx: ImportContext): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  const map = ctx.map(value, at);
  if (!map) return out;
  for (const [key, item] of entriesOf(map)) {
    const text = ctx.text(item, [...at, key]);
    if (text !== undefined) out[key] = text;
  }
  return out;
}
