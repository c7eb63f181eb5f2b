import type { ParseResult } from '../issues.js';
import { normalize } from '../normalize.js';
import { isAbsolute, normalizePosixPath } from '../paths.js';
import { entriesOf, isRecord } from '../records.js';
import type { AppSpec } from '../schema.js';
import { AppNameSchema, AppSpecSchema } from '../schema.js';
import { readSource } from '../source.js';
import { fromZodIssues } from '../zod-issues.js';
import { ImportContext } from './context.js';
import { interpolate } from './interpolate.js';
import type { ServiceInput } from './service.js';
import { importService } from './service.js';
import { importVolumes } from './volumes.js';

/** Options for `importCompose`. */
export interface ImportComposeOptions {
  /** The app's name; defaults to the file's top-level `name:`. */
  name?: string;
  /** Variables for `${VAR}` interpolation (what compose reads from `.env` and the shell). */
  env?: Readonly<Record<string, string>>;
  /** Gateway directory that relative host paths (`./config`) resolve against; defaults to `/var/lib/gantry/apps/<name>`. */
  projectDir?: string;
}

const TOP_LEVEL = new Set(['version', 'name', 'services', 'volumes', 'networks']);
const TOP_LEVEL_UNSUPPORTED: Record<string, string> = {
  secrets: 'not supported by Gantry; pass values through environment; ignored',
  configs: 'not supported by Gantry; ignored',
  include: 'not supported; merge the included files into this one first',
};

function checkNetworks(value: unknown, ctx: ImportContext): void {
  if (!isRecord(value)) return;
  for (const [name, options] of entriesOf(value)) {
    if (name === 'default' && (options === null || (isRecord(options) && Object.keys(options).length === 0))) continue;
    ctx.warn(['networks', name], 'custom networks are not supported by Gantry; services share the app\'s own network');
  }
}

function appName(root: Record<string, unknown>, options: ImportComposeOptions, ctx: ImportContext): string | undefined {
  if (options.name !== undefined) {
    const parsed = AppNameSchema.safeParse(options.name);
    if (parsed.success) return options.name;
    ctx.error([], `app name ${JSON.stringify(options.name)} ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
    return undefined;
  }
  if (root.name === undefined) {
    ctx.error([], 'the app needs a name: pass one to the import or add name: at the top of the file');
    return undefined;
  }
  ctx.trace(['name'], ['name']);
  return ctx.text(root.name, ['name']);
}

/**
 * Imports a docker-compose file (v2, v3 or compose-spec) as a Gantry app. Keys Gantry does
 * not support come back as warnings with their path; nothing is dropped silently. Never throws.
 */
export function importCompose(text: string, options: ImportComposeOptions = {}): ParseResult<AppSpec> {
  const source = readSource(text);
  if (!source.ok) return source;
  const doc = source.doc;
  const ctx = new ImportContext();
  const finish = (spec?: AppSpec): ParseResult<AppSpec> => {
    const warnings = [...source.warnings, ...doc.place(ctx.warnings)];
    if (ctx.errors.length > 0 || spec === undefined) return { ok: false, errors: doc.place(ctx.errors), warnings };
    return { ok: true, spec, warnings };
  };
  if (!isRecord(doc.value)) {
    ctx.error([], 'a compose file must be a map with a services: section');
    return finish();
  }
  const root = interpolate(doc.value, options.env ?? {}, ctx);
  if (!isRecord(root)) return finish();
  ctx.checkKeys(root, [], TOP_LEVEL, TOP_LEVEL_UNSUPPORTED);
  checkNetworks(root.networks, ctx);
  const name = appName(root, options, ctx);
  const projectDir = normalizePosixPath(options.projectDir ?? `/var/lib/gantry/apps/${name ?? 'app'}`);
  if (options.projectDir !== undefined && !isAbsolute(options.projectDir)) {
    ctx.error([], `projectDir ${JSON.stringify(options.projectDir)} must be an absolute path on the gateway`);
  }

  const services: Record<string, ServiceInput> = {};
  if (root.services === undefined || root.services === null) {
    ctx.error(['services'], 'an app needs at least one service');
  } else {
    const map = ctx.map(root.services, ['services'], 'a map of service names to services');
    for (const [serviceName, raw] of entriesOf(map ?? {})) {
      const service = importService(serviceName, raw, ctx, { projectDir });
      if (service) services[serviceName] = service;
    }
  }
  const volumes = importVolumes(root.volumes, ctx);

  // A missing or bad name was reported above; a stand-in keeps it from being reported twice.
  const candidate = { name: name ?? 'app', services, volumes };
  const parsed = AppSpecSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of fromZodIssues(parsed.error.issues, candidate)) {
      const at = ctx.origin(issue.segments);
      // The importer already explained a field it could not read; do not say it twice.
      if (!ctx.hasErrorAt(at)) ctx.error(at, issue.message);
    }
  }
  return finish(parsed.success ? normalize(parsed.data) : undefined);
}
